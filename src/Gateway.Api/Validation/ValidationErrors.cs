namespace Claw.Gateway.Validation;

/// <summary>Field errors of one request, keyed by the snake_case field name clients sent.</summary>
public sealed class ValidationErrors
{
    private readonly Findings _findings;
    private readonly string _prefix;

    public ValidationErrors()
        : this(PayloadLimits.Default)
    {
    }

    public ValidationErrors(PayloadLimits limits)
        : this(new Findings(limits), "")
    {
    }

    private ValidationErrors(Findings findings, string prefix)
    {
        _findings = findings;
        _prefix = prefix;
    }

    public bool IsEmpty => _findings.Errors.Count == 0;

    /// <summary>True when a field is refused for its size alone (the answer is then 413, not 400).</summary>
    public bool TooLarge => _findings.TooLarge;

    /// <summary>The size limits the document rules check against.</summary>
    public PayloadLimits Limits => _findings.Limits;

    /// <summary>The same errors, with every field added through the result named under <paramref name="prefix"/> (e.g. <c>steps[2].</c>).</summary>
    public ValidationErrors Under(string prefix) => new(_findings, _prefix + prefix);

    public ValidationErrors Add(string field, string message)
    {
        field = _prefix + field;
        if (!_findings.Errors.TryGetValue(field, out var messages))
        {
            _findings.Errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    /// <summary>Adds an error for a field that is larger than this server accepts.</summary>
    public ValidationErrors AddTooLarge(string field, string message)
    {
        _findings.TooLarge = true;
        return Add(field, message);
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="ok"/> is false.</summary>
    public ValidationErrors Require(bool ok, string field, string message) => ok ? this : Add(field, message);

    public Dictionary<string, string[]> ToDictionary() => _findings.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>What every view (<see cref="Under"/>) of one request's errors shares.</summary>
    private sealed class Findings(PayloadLimits limits)
    {
        public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

        public PayloadLimits Limits => limits;

        public bool TooLarge { get; set; }
    }
}
