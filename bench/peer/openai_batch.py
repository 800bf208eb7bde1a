#!/usr/bin/env python3
"""Runs an OpenAI batch input file (JSONL) against an OpenAI-compatible server with the official `openai` SDK,
the way a user would without Roocode: AsyncOpenAI, an asyncio semaphore of --concurrency (64) calls in flight,
the SDK's default retries (2), one output line per custom_id in the OpenAI batch output shape.

    python3 openai_batch.py INPUT.jsonl --out OUTPUT.jsonl --base-url http://127.0.0.1:8080/v1 [--concurrency 64]

It prints "Ready in X s" once the SDK is imported and the client exists (what `bench/run peer` counts as its
start-up), then "Batch peer: N lines in X s (R jobs/s)" like `roocode run`'s summary. The API key is read from
OPENAI_API_KEY (the simulator needs none; a placeholder is used when unset). Exit code 0 once every line has its
output line (answers or errors), 2 for bad arguments.
"""
import time

_started = time.monotonic()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

import openai  # noqa: E402
from openai import AsyncOpenAI  # noqa: E402


def output_line(custom_id, status, body, error=None):
    """One line of the OpenAI batch output shape."""
    response = None if status is None else {"status_code": status, "request_id": "", "body": body}
    return json.dumps({"id": "peer-" + custom_id, "custom_id": custom_id, "response": response, "error": error})


async def call(client, line):
    url = line.get("url", "")
    body = line.get("body") or {}
    if url.endswith("/chat/completions"):
        return await client.chat.completions.create(**body)
    if url.endswith("/embeddings"):
        return await client.embeddings.create(**body)
    raise ValueError("unsupported url " + url)


async def run_line(client, semaphore, raw, out):
    try:
        line = json.loads(raw)
        custom_id = str(line["custom_id"])
    except (ValueError, KeyError, TypeError) as e:
        out.write(output_line("", None, None, {"code": "invalid_line", "message": str(e)}) + "\n")
        return False
    async with semaphore:
        try:
            answer = await call(client, line)
            text = output_line(custom_id, 200, answer.to_dict())
            ok = True
        except openai.APIStatusError as e:
            text = output_line(custom_id, e.status_code, e.body if isinstance(e.body, dict) else {"error": str(e)})
            ok = False
        except (openai.OpenAIError, ValueError, TypeError) as e:
            text = output_line(custom_id, None, None, {"code": type(e).__name__, "message": str(e)})
            ok = False
    out.write(text + "\n")
    return ok


async def main(args):
    client = AsyncOpenAI(base_url=args.base_url, api_key=os.environ.get("OPENAI_API_KEY") or "sk-none")
    print("Ready in %.1f s" % (time.monotonic() - _started), flush=True)
    start = time.monotonic()
    with open(args.input, encoding="utf-8") as f:
        lines = [raw for raw in f if raw.strip()]
    semaphore = asyncio.Semaphore(args.concurrency)
    with open(args.out, "w", encoding="utf-8") as out:
        results = await asyncio.gather(*(run_line(client, semaphore, raw, out) for raw in lines))
    await client.close()
    elapsed = time.monotonic() - start
    succeeded = sum(1 for ok in results if ok)
    print()
    print("Batch peer: %d lines in %.1f s (%.1f jobs/s)" % (len(lines), elapsed, len(lines) / elapsed if elapsed else 0))
    print("  succeeded  %d" % succeeded)
    print("  failed     %d" % (len(lines) - succeeded))
    print("Wrote " + args.out, flush=True)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Run an OpenAI batch file with the openai SDK (AsyncOpenAI).")
    parser.add_argument("input")
    parser.add_argument("--out", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--concurrency", type=int, default=64)
    parsed = parser.parse_args()
    if parsed.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    sys.exit(asyncio.run(main(parsed)))
