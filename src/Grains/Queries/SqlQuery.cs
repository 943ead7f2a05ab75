using Claw.Grains.Storage;
using System.Data.Common;
using System.Text;

namespace Claw.Grains.Queries;

/// <summary>Builds a parameterized WHERE clause; values never enter the SQL text.</summary>
internal sealed class SqlQuery(DbCommand command)
{
    private readonly StringBuilder _where = new();

    public DbCommand Command => command;

    public string Where => _where.Length == 0 ? "" : " WHERE " + _where;

    /// <summary>Adds a condition; <c>{0}</c> in it is replaced by the new parameter's name.</summary>
    public SqlQuery And(string condition, object value)
    {
        var name = "@p" + command.Parameters.Count;
        command.AddParameter(name, value);
        _where.Append(_where.Length == 0 ? "" : " AND ").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, name));
        return this;
    }

    /// <summary>Adds one condition that holds when any of <paramref name="alternatives"/> does (each with its values as <c>{0}</c>, <c>{1}</c>, …).</summary>
    public SqlQuery AndAny(IReadOnlyList<(string Condition, object[] Values)> alternatives)
    {
        var parts = alternatives.Select(alternative => string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            alternative.Condition,
            alternative.Values.Select(value =>
            {
                var name = "@p" + command.Parameters.Count;
                command.AddParameter(name, value);
                return (object)name;
            }).ToArray()));
        _where.Append(_where.Length == 0 ? "" : " AND ").Append('(').Append(string.Join(" OR ", parts)).Append(')');
        return this;
    }

    /// <summary>Adds a keyset condition on (sort column, id) for the rows after <paramref name="cursor"/>.</summary>
    public SqlQuery After(string sortColumn, Cursor? cursor)
    {
        if (cursor is { } after)
        {
            And($"({sortColumn} > {{0}} OR ({sortColumn} = {{0}} AND id > @after_id))", after.SortKey);
            command.AddParameter("@after_id", after.Id);
        }

        return this;
    }
}
