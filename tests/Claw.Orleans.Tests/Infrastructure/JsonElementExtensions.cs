using System.Text.Json;

namespace Claw.Tests.Infrastructure;

public static class JsonElementExtensions
{
    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
