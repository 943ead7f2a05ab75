#!/usr/bin/env python3
"""bench/latency-path.sh's span tools, standard library only.

  otlp_spans.py receive PORT SPANS.jsonl   an OTLP/HTTP (protobuf) trace receiver on 127.0.0.1:PORT that appends
                                           one JSON line per span: trace, span, parent, name, kind, start, end (ns)
  otlp_spans.py path SPANS.jsonl [RESULT]  every traced request whose root is a POST, laid out from its start: each
                                           span's median start and duration over the requests, in start order; with
                                           the generator's result.json, its received latency first
"""
import collections
import http.server
import json
import statistics
import struct
import sys
import threading

KINDS = {1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}


def varint(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def fields(data):
    """The (field number, value) pairs of one protobuf message: integers for varint and fixed, bytes for the rest."""
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(data, i)
        elif wire == 1:
            value, i = struct.unpack_from("<Q", data, i)[0], i + 8
        elif wire == 5:
            value, i = struct.unpack_from("<I", data, i)[0], i + 4
        elif wire == 2:
            size, i = varint(data, i)
            value, i = data[i:i + size], i + size
        else:
            raise ValueError(f"wire type {wire} is not used by OTLP traces")
        yield number, value


def spans_of(request):
    """ExportTraceServiceRequest → resource_spans (1) → scope_spans (2) → spans (2)."""
    names = {1: "trace", 2: "span", 4: "parent", 5: "name", 6: "kind", 7: "start", 8: "end"}
    for number, resource_spans in fields(request):
        if number != 1:
            continue
        for number, scope_spans in fields(resource_spans):
            if number != 2:
                continue
            for number, body in fields(scope_spans):
                if number != 2:
                    continue
                span = {}
                for field, value in fields(body):
                    if field in names:
                        span[names[field]] = value.hex() if field in (1, 2, 4) else value.decode() if field == 5 else value
                yield span


def receive(port, out_path):
    out = open(out_path, "a", encoding="utf-8")
    writing = threading.Lock()  # the server answers each export on a thread of its own; lines must not interleave

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            lines = "".join(json.dumps(span) + "\n" for span in spans_of(body))
            with writing:
                out.write(lines)
                out.flush()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()


def path(spans_path, result_path=None):
    if result_path:
        with open(result_path, encoding="utf-8") as result:
            received = json.load(result)["latency"]["received"]
        print(f"received p50 / p99 with tracing on: {received['p50_ms']} / {received['p99_ms']} ms\n")

    traces = collections.defaultdict(list)
    with open(spans_path, encoding="utf-8") as spans:
        for line in spans:
            span = json.loads(line)
            traces[span["trace"]].append(span)

    rows = collections.defaultdict(list)
    requests = 0
    for spans in traces.values():
        root = next((s for s in spans if not s.get("parent") and s.get("name", "").startswith("POST")), None)
        if root is None:
            continue
        requests += 1
        seen = collections.Counter()
        for span in sorted(spans, key=lambda s: s["start"]):
            key = (span["name"], span.get("kind", 0))
            rows[(*key, seen[key])].append(((span["start"] - root["start"]) / 1e3, (span["end"] - span["start"]) / 1e3))
            seen[key] += 1

    print(f"{requests} traced POST requests; each span's median start after the request's, and its median duration (µs)\n")
    print("| start | duration | span | kind | in requests |")
    print("|---:|---:|---|---|---:|")
    common = [
        (statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings), name, kind, nth, len(timings))
        for (name, kind, nth), timings in rows.items()
        if len(timings) >= requests / 2
    ]
    for start, duration, name, kind, nth, count in sorted(common, key=lambda row: row[0]):
        label = name if nth == 0 else f"{name} (#{nth + 1})"
        print(f"| {start:,.0f} | {duration:,.0f} | {label} | {KINDS.get(kind, kind)} | {count:,} |")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "receive":
        receive(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "path":
        path(*sys.argv[2:])
    else:
        sys.exit(__doc__)
