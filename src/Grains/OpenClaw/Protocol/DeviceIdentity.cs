using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Claw.Grains.OpenClaw.Protocol;

/// <summary>
/// The Ed25519 device key a connection proves itself with (gateway-facts §3): the public key travels as its raw 32
/// bytes in base64url, the device id is the hex SHA-256 of those bytes, and a signature is base64url over UTF-8 text.
/// </summary>
public sealed class DeviceIdentity : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    private readonly Key _key;

    private DeviceIdentity(Key key)
    {
        _key = key;
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        PublicKey = Base64Url.EncodeToString(publicKey);
        Id = Convert.ToHexStringLower(SHA256.HashData(publicKey));
    }

    public string Id { get; }

    public string PublicKey { get; }

    /// <summary>A new random 32-byte private key seed.</summary>
    public static byte[] NewSeed()
    {
        using var key = Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return key.Export(KeyBlobFormat.RawPrivateKey);
    }

    public static DeviceIdentity FromSeed(ReadOnlySpan<byte> seed) => new(Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey));

    public string Sign(string text) => Base64Url.EncodeToString(Ed25519.Sign(_key, Encoding.UTF8.GetBytes(text)));

    public void Dispose() => _key.Dispose();
}
