using System.Data.Common;

namespace Claw.Grains.Storage;

/// <summary>Parameters the same way on every driver; null becomes <see cref="DBNull"/>, a <see cref="TypedNull"/> a null of its type.</summary>
public static class DbCommandExtensions
{
    public static DbCommand AddParameter(this DbCommand command, string name, object? value)
    {
        command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        return command;
    }

    public static DbBatchCommand AddParameter(this DbBatchCommand command, string name, object? value)
    {
        command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        return command;
    }

    /// <summary>The next positional parameter (<c>$1</c>, <c>$2</c>, … in PostgreSQL's text): a parameter without a name.</summary>
    public static DbBatchCommand AddPositional(this DbBatchCommand command, object? value)
    {
        command.Parameters.Add(Typed(command.CreateParameter(), value));
        return command;
    }

    private static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        return Typed(parameter, value);
    }

    private static DbParameter Typed(DbParameter parameter, object? value)
    {
        if (value is TypedNull typed)
        {
            parameter.DbType = typed.Type;
            parameter.Value = DBNull.Value;
        }
        else
        {
            parameter.Value = value ?? DBNull.Value;
        }

        return parameter;
    }
}
