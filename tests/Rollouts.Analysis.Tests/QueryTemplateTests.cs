using Rollouts.Analysis.Queries;

namespace Rollouts.Analysis.Tests;

public sealed class QueryTemplateTests
{
    private static readonly TemplateValues Values = new("team-a", "iris-deploy", "iris", "2.0.0", "1.0.0", "1m", "5f0c2d9e1a", "0b7d3c1e22");

    [Fact]
    public void Render_substitutes_every_variable()
    {
        var query = "x{namespace=\"{{namespace}}\",d=\"{{name}}\",m=\"{{ model }}\",v=\"{{version}}\",s=\"{{stableVersion}}\",r=\"{{revision}}\",sr=\"{{ stableRevision }}\"}[{{window}}]";
        QueryTemplate.Validate(query).ShouldBeEmpty();
        QueryTemplate.Render(query, Values).ShouldBe("x{namespace=\"team-a\",d=\"iris-deploy\",m=\"iris\",v=\"2.0.0\",s=\"1.0.0\",r=\"5f0c2d9e1a\",sr=\"0b7d3c1e22\"}[1m]");
    }

    [Fact]
    public void An_injection_attempt_in_a_value_stays_inside_the_string()
    {
        var hostile = Values with { Version = "\"} or vector(1) or {x=\"" };
        var rendered = QueryTemplate.Render("sum(m{model_version=\"{{version}}\"})", hostile);
        rendered.ShouldBe("sum(m{model_version=\"\\\"} or vector(1) or {x=\\\"\"})");
    }

    [Fact]
    public void Values_are_not_expanded_again()
    {
        var tricky = Values with { Version = "{{namespace}}" };
        QueryTemplate.Render("m{v=\"{{version}}\"}", tricky).ShouldBe("m{v=\"{{namespace}}\"}");
    }

    [Theory]
    [InlineData("m{v=\"{{versoin}}\"}", "unknown template variable {{versoin}}")]
    [InlineData("m{v=\"{{.Version}}\"}", "unknown template variable {{.Version}}")]
    [InlineData("m{v=\"{{}}\"}", "unknown template variable {{}}")]
    [InlineData("m{v={{version}}}", "must sit inside a double-quoted string")]
    [InlineData("m{v='{{version}}'}", "must sit inside a double-quoted string")]
    [InlineData("m{v=`{{version}}`}", "must sit inside a double-quoted string")]
    [InlineData("m{v=\"a\\\"\"} + {{version}}", "must sit inside a double-quoted string")]
    [InlineData("m[\"{{window}}\"] # {{version}}", "must sit inside a double-quoted string")]
    public void Validate_rejects_unknown_and_unquoted_variables(string query, string expected)
    {
        var errors = QueryTemplate.Validate(query);
        errors.ShouldHaveSingleItem().ShouldContain(expected);
    }

    [Theory]
    [InlineData("rate(m{v=\"{{version}}\"}[{{window}}])")]
    [InlineData("m{v=\"prefix-{{version}}-suffix\"}")]
    [InlineData("m{v=\"a\\\\\"} + n{v=\"{{version}}\"}")]
    [InlineData("vector(1)")]
    public void Validate_accepts_quoted_variables_and_a_bare_window(string query)
    {
        QueryTemplate.Validate(query).ShouldBeEmpty();
    }
}
