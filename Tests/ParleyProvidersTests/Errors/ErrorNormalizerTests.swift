import Foundation
import ParleyCore
@testable import ParleyProviders
import Testing

@Suite("Normalising errors")
struct ErrorNormalizerTests {
    let normalizer = ErrorNormalizer(
        endpoint: ProviderEndpoint(kind: .openai, baseURL: "http://127.0.0.1:9", apiKey: "my-own-secret-key"))

    @Test("a key the provider echoes back, or anything shaped like one, is replaced", arguments: [
        #"{"error":{"message":"Incorrect API key provided: sk-proj-abcdef123456","code":"invalid_api_key"}}"#,
        #"{"error":{"message":"key my-own-secret-key is wrong","type":"authentication_error"}}"#,
        #"{"error":{"message":"API key AIzaSyA1234567890 not valid","status":"INVALID_ARGUMENT"}}"#,
    ])
    func redacted(body: String) {
        let error = normalizer.error(status: 401, body: Data(body.utf8))
        #expect(error.code == .auth)
        #expect(error.message.contains("[key]"))
        for secret in ["sk-proj-abcdef123456", "my-own-secret-key", "AIzaSyA1234567890"] {
            #expect(!error.description.contains(secret))
        }
    }

    @Test("a key asked for by a provider that has none says how to give it one")
    func missingKey() {
        let local = ErrorNormalizer(endpoint: ProviderEndpoint(name: "local", kind: .openai,
                                                               baseURL: "http://127.0.0.1:8080/v1", apiKey: nil))
        let error = local.error(status: 401, body: Data(#"{"error":{"message":"Invalid API Key"}}"#.utf8))
        #expect(error.code == .auth)
        #expect(error.message == "OpenAI (local) asks for a key, and none is set (Invalid API Key)")
        #expect(error.hint
            == "give the provider \"local\" an api_key_env, api_key_cmd or api_key in the configuration file")
    }

    @Test("every body shape yields the provider's own message", arguments: [
        (#"{"error":{"type":"x","message":"from error.message"}}"#, "from error.message"),
        (#"{"errors":[{"code":1,"message":"from errors[0]"}]}"#, "from errors[0]"),
        (#"[{"error":{"status":"INTERNAL","message":"from [0].error"}}]"#, "from [0].error"),
        (#"{"detail":"from detail","status":"x"}"#, "from detail"),
        (#"{"error":"from a string"}"#, "from a string"),
        (#"{"message":"from message"}"#, "from message"),
        ("plain text body", "plain text body"),
        ("", "HTTP 418"),
    ])
    func shapes(body: String, said: String) {
        let error = normalizer.error(status: 418, body: Data(body.utf8))
        #expect(error.message.contains(said), "\(error.message)")
    }

    @Test("transport failures say where and what happened", arguments: [
        (TransportFailure.Kind.connect, ParleyError.Code.network, "could not reach OpenAI at 127.0.0.1:9"),
        (.timeout, .timeout, "stopped answering"),
        (.broken, .network, "broke"),
        (.cancelled, .interrupted, "cancelled"),
        (.unavailable, .general, "parley needs libcurl to reach OpenAI, and it could not be loaded (detail)"),
    ])
    func transport(kind: TransportFailure.Kind, code: ParleyError.Code, said: String) {
        let error = normalizer.error(transport: TransportFailure(kind: kind, detail: "detail"))
        #expect(error.code == code)
        #expect(error.message.contains(said))
    }
}
