import Foundation
import ParleyCore

/// Turns every way a provider call can fail into the one error a person sees, with the provider's own
/// words and what to do; keys are scrubbed from anything the provider echoes back.
struct ErrorNormalizer: Sendable {
    let endpoint: ProviderEndpoint
    /// The model the request named, for "model not found" messages.
    var model: String?

    func error(for failure: any Error) -> ParleyError {
        switch failure {
        case let error as ParleyError: error
        case let status as HTTPStatusFailure: error(status: status.head.status, body: status.body)
        case let transport as TransportFailure: error(transport: transport)
        default: ParleyError(.general, "\(endpoint.label) call failed: \(redact("\(failure)"))")
        }
    }

    func error(status: Int, body: Data) -> ParleyError {
        let found = ProviderErrorBody(body)
        let said = found.message.isEmpty ? "HTTP \(status)" : redact(found.message)
        let codes = Set(found.codes.map { $0.lowercased() })
        let label = endpoint.label
        if codes.contains("api_key_invalid") || status == 401 || (status == 403 && endpoint.kind != .openai) {
            return authError(said)
        }
        switch status {
        case 403:
            return ParleyError(.auth, "\(label) refused access (\(said))",
                               hint: "the key is valid but not allowed here: check the account, region or project")
        case 404:
            // Services say which model they lack; anything else not found is the address itself.
            let namesModel = codes.contains("model_not_found")
                || said.range(of: "model", options: .caseInsensitive) != nil
            if model != nil, namesModel { return modelError(said) }
            let hint = endpoint.kind == .openai ? " (OpenAI-compatible servers usually end in /v1)" : ""
            return ParleyError(.config, "nothing answers at \(endpoint.baseURL) for \(label) (HTTP 404: \(said))",
                               hint: "check the base URL of the provider \"\(endpoint.name)\"" + hint)
        case 408:
            return ParleyError(.timeout, "\(label) gave up waiting for the request (\(said))", hint: "try again")
        case 413:
            return ParleyError(.badRequest, "the request is too large for \(label) (\(said))",
                               hint: "send fewer or smaller attachments, or start a new chat")
        case 429 where codes.contains("insufficient_quota"):
            return ParleyError(.rateLimit, "the \(label) quota is used up (\(said))",
                               hint: "add credits or raise the limit in the provider's console; retrying will not help")
        case 429:
            return ParleyError(.rateLimit, "\(label) asks to slow down (\(said))",
                               hint: "wait a moment and try again, or use another model")
        case 400..<500:
            if codes.contains("context_length_exceeded") {
                return ParleyError(.badRequest, "the conversation is too long for the model (\(said))",
                                   hint: "start a new chat or pick a model with a larger context window")
            }
            if said.range(of: "model", options: .caseInsensitive) != nil,
               said.range(of: "not found", options: .caseInsensitive) != nil {
                return modelError(said)
            }
            return ParleyError(.badRequest, "\(label) refused the request (HTTP \(status): \(said))",
                               hint: "check the model and the request settings")
        default:
            let overloaded = status == 529 || codes.contains("overloaded_error") || status == 503
            return ParleyError(.server, "\(label) failed on its side (HTTP \(status): \(said))",
                               hint: overloaded ? "it is overloaded: try again in a moment" : "try again in a moment")
        }
    }

    /// An error the provider reported inside a 200 stream; classified by its type, never taken as an answer.
    func streamError(_ found: ProviderErrorBody) -> ParleyError {
        let said = redact(found.message)
        let codes = Set(found.codes.map { $0.lowercased() })
        let label = endpoint.label
        if codes.contains("authentication_error") || codes.contains("invalid_api_key") { return authError(said) }
        if codes.contains("insufficient_quota") {
            return ParleyError(.rateLimit, "the \(label) quota is used up (\(said))",
                               hint: "add credits or raise the limit in the provider's console")
        }
        if codes.contains("rate_limit_error") || codes.contains("rate_limit_exceeded") {
            return ParleyError(.rateLimit, "\(label) asks to slow down (\(said))", hint: "wait a moment and try again")
        }
        if codes.contains("invalid_request_error") {
            return ParleyError(.badRequest, "\(label) refused the request mid-answer (\(said))",
                               hint: "check the model and the request settings")
        }
        return ParleyError(.server, "\(label) failed in the middle of the answer (\(said))",
                           hint: "the answer is incomplete: try again in a moment")
    }

    /// A chunk that is not the JSON the provider promised.
    func malformed(_ text: String) -> ParleyError {
        let excerpt = redact(String(text.prefix(120)))
        return ParleyError(.server, "\(endpoint.label) sent a malformed stream chunk: \(excerpt)",
                           hint: "the answer is incomplete: try again; if it persists the server is not compatible")
    }

    /// A body that ended before the provider's end marker, which only a fault causes.
    func cutOff() -> ParleyError {
        ParleyError(.network, "the answer from \(endpoint.label) was cut off before it ended",
                    hint: "the text so far is kept: try again")
    }

    func error(transport failure: TransportFailure) -> ParleyError {
        let label = endpoint.label
        let host = endpoint.host
        let detail = redact(failure.detail)
        switch failure.kind {
        case .connect:
            return ParleyError(.network, "could not reach \(label) at \(host) (\(detail))",
                               hint: "check the network, the base URL and any proxy setting")
        case .timeout:
            return ParleyError(.timeout, "\(label) at \(host) stopped answering (\(detail))",
                               hint: "check the network, or raise the connect or idle timeout")
        case .broken:
            return ParleyError(.network, "the connection to \(label) at \(host) broke (\(detail))",
                               hint: "the text so far is kept: try again")
        case .cancelled:
            return ParleyError(.interrupted, "the request to \(label) was cancelled")
        case .unavailable:
            return ParleyError(.general,
                               "parley needs libcurl to reach \(label), and it could not be loaded (\(detail))",
                               hint: "install it (on Debian and Ubuntu: apt install libcurl4)")
        }
    }

    private func authError(_ said: String) -> ParleyError {
        guard endpoint.apiKey != nil else {
            // A server on this machine, or Ollama, taken to need no key: say how to give it one.
            return ParleyError(.auth, "\(endpoint.label) asks for a key, and none is set (\(said))",
                               hint: "give the provider \"\(endpoint.name)\" an api_key_env, api_key_cmd or "
                                   + "api_key in the configuration file")
        }
        return ParleyError(.auth, "the \(endpoint.label) key was refused (\(said))",
                           hint: "check \(endpoint.keySource)")
    }

    private func modelError(_ said: String) -> ParleyError {
        let name = model.map { " \"\($0)\"" } ?? ""
        return ParleyError(.modelNotFound, "\(endpoint.label) does not know the model\(name) (\(said))",
                           hint: "pick one of the models the provider lists")
    }

    /// Removes the key and anything shaped like one that the provider may echo in its message.
    func redact(_ text: String) -> String {
        var result = text
        if let key = endpoint.apiKey, key.count >= 4 { result = result.replacingOccurrences(of: key, with: "[key]") }
        return result.replacingOccurrences(
            of: #"\b(sk|sk-ant|sk-proj|AIza)[-_A-Za-z0-9*]{6,}"#, with: "[key]", options: .regularExpression)
    }
}
