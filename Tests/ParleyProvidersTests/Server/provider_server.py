"""Replays OpenAI, Anthropic, Ollama and Gemini wire formats byte for byte, and misbehaves on demand.

Given a certificate and key file as arguments, it speaks HTTPS.
URLs are /t/<token>/<scenario>/<provider path>: the token groups the requests of one test (so tests
run in parallel), the scenario picks the behaviour. GET /_requests/<token> returns what was received.
Prints its port on stdout and exits when stdin closes.
"""
import json
import os
import select
import socket
import ssl
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELTAS = ["Hel", "lo, wö", "rld!"]
RECORDS = {}
CLOSED = {}
LOCK = threading.Lock()


def dumps(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def sse(data, event=None):
    head = f"event: {event}\n" if event else ""
    return (head + f"data: {data}\n\n").encode()


# ---- HTTP error bodies, each as the provider sends it: key -> (status, extra headers, body) ----

def openai_error(message, kind, code, param=None):
    return dumps({"error": {"message": message, "type": kind, "param": param, "code": code}})


def anthropic_error(kind, message):
    error = {"type": kind, "message": message}
    return dumps({"type": "error", "error": error, "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"})


def gemini_error(code, status, message, reason=None):
    error = {"code": code, "message": message, "status": status}
    if reason:
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
                             "domain": "googleapis.com", "metadata": {"service": "generativelanguage.googleapis.com"}}]
    return dumps({"error": error})


ERRORS = {
    "openai-401": (401, {}, openai_error(
        "Incorrect API key provided: sk-test1234567890abcd. You can find your API key at "
        "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")),
    "openai-400-context": (400, {}, openai_error(
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. "
        "Please reduce the length of the messages.", "invalid_request_error", "context_length_exceeded", "messages")),
    "openai-403": (403, {}, openai_error(
        "Country, region, or territory not supported", "request_forbidden", "unsupported_country_region_territory")),
    "openai-404": (404, {}, openai_error(
        "The model `gpt-9` does not exist or you do not have access to it.",
        "invalid_request_error", "model_not_found")),
    "openai-429-rate": (429, {"retry-after-ms": "1200", "x-ratelimit-remaining-requests": "0"}, openai_error(
        "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.",
        "requests", "rate_limit_exceeded")),
    "openai-429-quota": (429, {}, openai_error(
        "You exceeded your current quota, please check your plan and billing details.",
        "insufficient_quota", "insufficient_quota")),
    "openai-500": (500, {}, openai_error(
        "The server had an error while processing your request. Sorry about that!", "server_error", None)),
    "openai-503": (503, {}, openai_error(
        "The engine is currently overloaded, please try again later.", "server_error", None)),
    "anthropic-400": (400, {}, anthropic_error("invalid_request_error", "max_tokens: Field required")),
    "anthropic-401": (401, {}, anthropic_error("authentication_error", "invalid x-api-key")),
    "anthropic-403": (403, {}, anthropic_error(
        "permission_error", "Your API key does not have permission to use the specified resource.")),
    "anthropic-404": (404, {}, anthropic_error("not_found_error", "model: claude-nonexistent")),
    "anthropic-413": (413, {}, anthropic_error(
        "request_too_large", "Request exceeds the maximum allowed number of bytes.")),
    "anthropic-429": (429, {"retry-after": "7"}, anthropic_error(
        "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")),
    "anthropic-500": (500, {}, anthropic_error("api_error", "Internal server error")),
    "anthropic-529": (529, {}, anthropic_error("overloaded_error", "Overloaded")),
    "ollama-400": (400, {}, dumps({"error": "invalid options: num_thread"})),
    "ollama-401": (401, {}, dumps({"error": "unauthorized", "signin_url": "https://ollama.com/connect?name=x"})),
    "ollama-404": (404, {}, dumps({"error": "model 'llama9' not found"})),
    "ollama-429": (429, {}, dumps({"error": "too many requests"})),
    "ollama-500": (500, {}, dumps({"error": "llama runner process has terminated: exit status 2"})),
    "ollama-502": (502, {}, dumps({"error": "cloud model unreachable"})),
    "gemini-400-key": (400, {}, gemini_error(
        400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "API_KEY_INVALID")),
    "gemini-400": (400, {}, gemini_error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.")),
    "gemini-400-precondition": (400, {}, gemini_error(
        400, "FAILED_PRECONDITION", "User location is not supported for the API use.")),
    "gemini-403": (403, {}, gemini_error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")),
    "gemini-404": (404, {}, gemini_error(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta.")),
    "gemini-429": (429, {}, gemini_error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")),
    "gemini-500": (500, {}, gemini_error(500, "INTERNAL", "An internal error has occurred.")),
    "gemini-503": (503, {}, gemini_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")),
    "gemini-504": (504, {}, gemini_error(
        504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.")),
    "gemini-array": (500, {}, "[" + gemini_error(500, "INTERNAL", "An internal error has occurred.") + "]"),
    "cloudflare": (400, {}, dumps(
        {"errors": [{"code": 7003, "message": "Could not route to /client/v4/accounts"}], "success": False})),
    "detail": (422, {}, dumps({"detail": "Input should be a valid list", "status": "unprocessable"})),
    "message": (502, {}, dumps({"message": "upstream connect error"})),
    "html": (502, {}, "<html><body>502 Bad Gateway</body></html>"),
    # A base URL without /v1: FastAPI servers (vLLM) and plain web servers answer the unknown path.
    "not-found-detail": (404, {}, dumps({"detail": "Not Found"})),
    "not-found-html": (404, {}, "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<title>Error response</title>\n</head>\n<body>\n<h1>Error response</h1>\n"
                       "<p>Error code: 404</p>\n<p>Message: File not found.</p>\n</body>\n</html>\n"),
    "should-retry-false": (500, {"x-should-retry": "false"}, openai_error("no", "server_error", None)),
    "retry-date": (503, {"retry-after": "DATE+5"}, openai_error("busy", "server_error", None)),
    "retry-too-long": (429, {"retry-after": "120"}, openai_error("wait", "requests", "rate_limit_exceeded")),
}


# ---- streams: lists of bytes to write, or ("sleep", s), ("cut",), ("hang",) ----

def openai_stream(scenario, deltas):
    base = {"id": "chatcmpl-B1", "object": "chat.completion.chunk", "created": 1747148050,
            "model": "gpt-4o-mini-2024-07-18", "service_tier": "default", "system_fingerprint": "fp_1"}

    def chunk(delta, finish=None, choices=True, usage=None):
        body = dict(base)
        if choices is True:
            body["choices"] = [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]
        elif choices is not None:
            body["choices"] = choices
        if scenario != "choices-null" or usage is not None:
            body["usage"] = usage
        if scenario == "choices-null":
            body["error"] = None
        if scenario == "choices-null" and choices is None:
            body.pop("choices", None)
        return sse(dumps(body))

    yield chunk({"role": "assistant", "content": "", "refusal": None})
    if scenario == "reasoning":
        yield chunk({"reasoning_content": "Think"})
        yield chunk({"reasoning": "ing."})
    for text in deltas:
        yield chunk({"content": text})
    yield chunk({}, "stop")
    usage = {"prompt_tokens": 54, "completion_tokens": 20, "total_tokens": 74,
             "prompt_tokens_details": {"cached_tokens": 3, "audio_tokens": 0},
             "completion_tokens_details": {"reasoning_tokens": 5, "audio_tokens": 0}}
    yield chunk(None, choices=None if scenario == "choices-null" else [], usage=usage)
    if scenario != "no-done":
        yield b"data: [DONE]\n\n"


def anthropic_stream(scenario, deltas):
    def event(kind, **fields):
        return sse(dumps({"type": kind, **fields}), kind)

    usage = {"input_tokens": 25, "cache_read_input_tokens": 4, "output_tokens": 1}
    yield event("message_start", message={
        "id": "msg_01", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5",
        "stop_reason": None, "stop_sequence": None, "usage": usage})
    if scenario == "reasoning":
        yield event("content_block_start", index=0, content_block={"type": "thinking", "thinking": ""})
        yield event("content_block_delta", index=0, delta={"type": "thinking_delta", "thinking": "Thinking."})
        yield event("content_block_delta", index=0, delta={"type": "signature_delta", "signature": "EqQB"})
        yield event("content_block_stop", index=0)
    yield event("content_block_start", index=1, content_block={"type": "text", "text": ""})
    yield event("ping")
    yield event("some_future_event", detail={"x": 1})
    for text in deltas:
        yield event("content_block_delta", index=1, delta={"type": "text_delta", "text": text})
    yield event("content_block_stop", index=1)
    yield event("message_delta", delta={"stop_reason": "end_turn", "stop_sequence": None}, usage={"output_tokens": 15})
    if scenario != "no-end":
        yield event("message_stop")


def ollama_stream(scenario, deltas):
    def line(content, done=False, **extra):
        message = {"role": "assistant", "content": content, **extra}
        body = {"model": "llama3.2", "created_at": "2023-08-04T08:52:19.385406455-07:00", "message": message,
                "done": done}
        return (dumps(body) + "\n").encode()

    if scenario == "reasoning":
        yield line("", thinking="Thinking.")
    for text in deltas:
        yield line(text)
    if scenario != "no-end":
        final = json.loads(line("", done=True))
        final.update({"done_reason": "stop", "total_duration": 4883583458, "load_duration": 1334875,
                      "prompt_eval_count": 26, "prompt_eval_duration": 342546000, "eval_count": 282,
                      "eval_duration": 4535599000})
        yield (dumps(final) + "\n").encode()


def gemini_stream(scenario, deltas):
    if scenario == "blocked":
        yield sse(dumps({"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": []},
                         "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8},
                         "modelVersion": "gemini-2.0-flash"}))
        return
    for index, text in enumerate(deltas):
        last = index == len(deltas) - 1
        candidate = {"content": {"role": "model", "parts": [{"text": text}]}, "index": 0}
        if scenario == "reasoning" and index == 0:
            candidate["content"]["parts"].insert(0, {"text": "Thinking.", "thought": True})
        if last:
            candidate["finishReason"] = "SAFETY" if scenario == "safety" else "STOP"
        so_far = 2 * (index + 1)
        usage = {"promptTokenCount": 15, "candidatesTokenCount": so_far, "totalTokenCount": 15 + so_far}
        if last:
            usage = {"promptTokenCount": 15, "candidatesTokenCount": 6, "totalTokenCount": 21, "thoughtsTokenCount": 4}
        yield sse(dumps({"candidates": [candidate], "usageMetadata": usage, "modelVersion": "gemini-2.0-flash",
                         "responseId": "r1"}))


STREAMS = {"openai": openai_stream, "anthropic": anthropic_stream, "ollama": ollama_stream, "gemini": gemini_stream}

MID_ERRORS = {
    "openai": sse(openai_error("The server had an error while processing your request.", "server_error", None)),
    "anthropic": sse(dumps({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}), "error"),
    "ollama": (dumps({"error": "an error was encountered while running the model"}) + "\n").encode(),
    "gemini": sse(gemini_error(500, "INTERNAL", "An internal error has occurred.")),
}
MALFORMED = {
    "openai": b'data: {"choices":[{"delta":{"content":"x"\n\n',
    "anthropic": b'event: content_block_delta\ndata: {"type":"content_block_delta","delta":\n\n',
    "ollama": b'{"message":{"content":"x"\n',
    "gemini": b'data: {"candidates":[\n\n',
}


def stream_writes(provider, scenario):
    """The writes for a successful stream, with faults inserted after the first delta."""
    deltas = list(DELTAS)
    if scenario == "huge":
        deltas = ["Hel", "x" * 1_000_000, "rld!"]
    if scenario == "drip":
        deltas = [f"t{i} " for i in range(20)]
    if scenario.startswith("bench-"):
        deltas = ["x"] * int(scenario[len("bench-"):])
    if scenario.startswith("trickle-"):
        deltas = ["x"] * int(scenario[len("trickle-"):])
    writes = list(STREAMS[provider](scenario, deltas))
    first_delta = next((i + 1 for i, w in enumerate(writes) if deltas[0].encode() in w), len(writes))
    fault = {
        "hang-mid": [("hang",)], "cut-mid": [("cut",)],
        "mid-error": [MID_ERRORS[provider]], "malformed": [MALFORMED[provider]],
        "event-error": [sse(dumps({"error": {"message": "stream broke", "type": "server_error"}}), "error")],
    }.get(scenario)
    if scenario == "ends-early":
        return writes[:first_delta]
    if fault:
        return writes[:first_delta] + fault + ([] if scenario in ("hang-mid", "cut-mid") else writes[first_delta:])
    if scenario == "reasoning-cut":
        # The connection breaks while the model is still thinking.
        writes = list(STREAMS[provider]("reasoning", deltas))
        thought = max(i + 1 for i, w in enumerate(writes) if b"Think" in w or b"ing." in w)
        return writes[:thought] + [("cut",)]
    if scenario == "late-end":
        # The body's final chunk comes a while after the answer's end marker, as a busy server may send it.
        return writes + [("sleep", 0.2)]
    if scenario == "hang-after-end":
        return writes + [("hang",)]
    if scenario == "split-utf8":
        out = []
        for write in writes:
            at = write.find("ö".encode())
            out += [write[:at + 1], ("sleep", 0.05), write[at + 1:]] if at >= 0 else [write]
        return out
    if scenario == "drip":
        out = []
        for write in writes:
            out += [write, ("sleep", 0.02)]
        return out
    if scenario.startswith("trickle-"):
        out = []
        for write in writes:
            out += [write, ("sleep", 0.0005)]
        return out
    return writes


# ---- model lists ----

def model_list(provider, query):
    if provider == "openai":
        return {"object": "list", "data": [
            {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"},
            {"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"}]}
    if provider == "anthropic":
        def model(letter, created):
            return {"type": "model", "id": f"claude-{letter}", "display_name": f"Claude {letter.upper()}",
                    "created_at": created}
        if "after_id=claude-a" in query:
            return {"data": [model("c", "2024-01-01T00:00:00Z")],
                    "has_more": False, "first_id": "claude-c", "last_id": "claude-c"}
        return {"data": [model("b", "2025-02-01T00:00:00Z"), model("a", "2025-01-01T00:00:00Z")],
                "has_more": True, "first_id": "claude-b", "last_id": "claude-a"}
    if provider == "ollama":
        details = {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
                   "parameter_size": "3.2B", "quantization_level": "Q4_K_M"}
        return {"models": [{"name": n, "model": n, "modified_at": "2024-10-01T00:00:00Z", "size": 2019393189,
                            "digest": "a80c4f17", "details": details} for n in ("llama3.2:latest", "qwen3:8b")]}
    if "pageToken=p2" in query:
        return {"models": [{"name": "models/gemini-2.5-pro", "displayName": "Gemini 2.5 Pro",
                            "supportedGenerationMethods": ["generateContent", "countTokens"]}]}
    return {"models": [
        {"name": "models/gemini-2.0-flash", "displayName": "Gemini 2.0 Flash", "inputTokenLimit": 1048576,
         "outputTokenLimit": 8192, "supportedGenerationMethods": ["generateContent", "countTokens"]},
        {"name": "models/embedding-001", "displayName": "Embedding 001",
         "supportedGenerationMethods": ["embedContent"]}],
        "nextPageToken": "p2"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as production servers set it (Go's, uvicorn, nginx): with Nagle's algorithm on, the body
    # written after the headers waits for the client's delayed ACK, 40 ms on every kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def handle_any(self):
        if self.path.startswith("http://"):
            # A request sent through us as a proxy names the whole URL; serve it as if it were for us.
            self.path = "/" + self.path.split("/", 3)[3]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = self.path.split("/", 4)
        if self.path.startswith("/_closed/"):
            with LOCK:
                return self.send_whole(200, {}, dumps(CLOSED.get(self.path.split("/")[2])))
        if self.path.startswith("/_requests/"):
            with LOCK:
                return self.send_whole(200, {}, dumps(RECORDS.get(self.path.split("/")[2], [])))
        if len(parts) < 5 or parts[1] != "t":
            return self.send_whole(404, {}, dumps({"error": "no such test path"}))
        token, scenario, rest = parts[2], parts[3], "/" + parts[4]
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with LOCK:
            records = RECORDS.setdefault(token, [])
            records.append({"method": self.command, "path": rest, "port": self.client_address[1],
                            "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
            attempt = len(records)
        provider = self.provider(rest)
        if scenario.startswith("flaky-"):
            _, count, key = scenario.split("-", 2)
            if attempt <= int(count):
                return self.send_error_key(key)
            scenario = "ok"
        if scenario.startswith("first-"):
            # The first request of the test meets the fault; every later one is answered.
            scenario = scenario[len("first-"):] if attempt == 1 else "ok"
        if scenario.startswith("error-"):
            return self.send_error_key(scenario[len("error-"):])
        if scenario == "hang-headers":
            return self.hang()
        path_only, _, query = rest.partition("?")
        if path_only == "/api/version":
            return self.send_whole(200, {}, dumps({"version": "0.12.6"}))
        if "models" in path_only and "streamGenerateContent" not in path_only or path_only.endswith("/api/tags"):
            return self.send_whole(200, {}, dumps(model_list(provider, query)))
        self.send_stream(provider, stream_writes(provider, scenario))

    def provider(self, rest):
        if "anthropic-version" in self.headers:
            return "anthropic"
        if rest.startswith("/api/"):
            return "ollama"
        if rest.startswith("/v1beta/"):
            return "gemini"
        return "openai"

    def send_error_key(self, key):
        status, headers, body = ERRORS[key]
        headers = {k: (formatdate(time.time() + 5, usegmt=True) if v == "DATE+5" else v) for k, v in headers.items()}
        self.send_whole(status, headers, body)

    def send_whole(self, status, headers, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def send_stream(self, provider, writes):
        self.send_response(200)
        kind = "application/x-ndjson" if provider == "ollama" else "text/event-stream"
        self.send_header("Content-Type", kind)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        for write in writes:
            if isinstance(write, bytes):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(write), write))
                self.wfile.flush()
            elif write[0] == "sleep":
                time.sleep(write[1])
            elif write[0] == "hang":
                return self.hang()
            elif write[0] == "cut":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def hang(self):
        """Sends nothing more; notes when the client hangs up, which is how benchmarks time a cancel."""
        self.close_connection = True
        readable, _, _ = select.select([self.connection], [], [], 20)
        if readable:
            with LOCK:
                CLOSED[self.path.split("/")[2]] = time.time()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        pass


def main():
    if os.environ.get("PROVIDER_SERVER_NAGLE") == "1":
        # The benchmarks also measure streams whose small writes the kernel gathers into large segments.
        Handler.disable_nagle_algorithm = False
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 3:
        # provider_server.py CERT KEY serves HTTPS, for the certificate-verification tests.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()
