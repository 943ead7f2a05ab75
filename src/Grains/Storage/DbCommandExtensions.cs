using System.Data.Common;

namespace Claw.Grains.Storage;

/// <summary>Parameters the same way on every driver; null becomes <see cref="DBNull"/>.</summary>
public static class DbCommandExtensions
{
    public static DbCommand AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
