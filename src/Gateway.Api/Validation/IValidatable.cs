namespace Claw.Gateway.Validation;

/// <summary>A request body that checks its own shape before any grain is called.</summary>
public interface IValidatable
{
    void Validate(ValidationErrors errors);
}
