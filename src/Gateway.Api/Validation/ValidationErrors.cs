namespace Claw.Gateway.Validation;

/// <summary>Field errors of one request, keyed by the snake_case field name clients sent.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors;
    private readonly string _prefix;

    public ValidationErrors()
        : this(new Dictionary<string, List<string>>(StringComparer.Ordinal), "")
    {
    }

    private ValidationErrors(Dictionary<string, List<string>> errors, string prefix)
    {
        _errors = errors;
        _prefix = prefix;
    }

    public bool IsEmpty => _errors.Count == 0;

    /// <summary>The same errors, with every field added through the result named under <paramref name="prefix"/> (e.g. <c>steps[2].</c>).</summary>
    public ValidationErrors Under(string prefix) => new(_errors, _prefix + prefix);

    public ValidationErrors Add(string field, string message)
    {
        field = _prefix + field;
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="ok"/> is false.</summary>
    public ValidationErrors Require(bool ok, string field, string message) => ok ? this : Add(field, message);

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
