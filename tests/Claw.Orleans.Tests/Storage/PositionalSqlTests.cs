using Claw.Grains.Storage;

namespace Claw.Tests.Storage;

/// <summary>Named statements become PostgreSQL's numbered ones, once per statement and parameter order.</summary>
public sealed class PositionalSqlTests
{
    [Fact]
    public void Each_name_becomes_its_place_among_the_parameters_wherever_and_however_often_it_appears()
    {
        var text = PositionalSql.Of(
            "UPDATE t SET doc = CAST(@doc AS jsonb), version = @version + 1 WHERE id = @id AND version = @version",
            [("@id", "a"), ("@version", 3L), ("@doc", "{}")]);

        Assert.Equal("UPDATE t SET doc = CAST($3 AS jsonb), version = $2 + 1 WHERE id = $1 AND version = $2", text);
    }

    [Fact]
    public void Quoted_text_and_operators_are_left_alone_and_a_longer_name_is_not_mistaken_for_a_prefix()
    {
        var text = PositionalSql.Of(
            "SELECT '@id', \"@id\" FROM t WHERE tags @> @c1 AND a = @c10 AND b = @c1",
            [("@c1", 1), ("@c10", 2)]);

        Assert.Equal("SELECT '@id', \"@id\" FROM t WHERE tags @> $1 AND a = $2 AND b = $1", text);
    }

    [Fact]
    public void The_same_statement_with_its_parameters_in_another_order_is_rewritten_for_that_order()
    {
        const string sql = "INSERT INTO t (a, b) VALUES (@a, @b)";

        Assert.Equal("INSERT INTO t (a, b) VALUES ($1, $2)", PositionalSql.Of(sql, [("@a", 1), ("@b", 2)]));
        Assert.Equal("INSERT INTO t (a, b) VALUES ($2, $1)", PositionalSql.Of(sql, [("@b", 2), ("@a", 1)]));
        Assert.Equal("INSERT INTO t (a, b) VALUES ($1, $2)", PositionalSql.Of(sql, [("@a", 1), ("@b", 2)]));
    }

    [Fact]
    public void A_name_its_writer_did_not_give_is_a_mistake_in_our_code_not_a_parameter_sent_empty()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PositionalSql.Of("DELETE FROM t WHERE id = @id AND v = @v", [("@id", "a")]));
        Assert.Contains("@v", error.Message);
    }
}
