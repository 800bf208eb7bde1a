"""The official Python `openai` SDK against roocode-api: what docs/http-api.md shows a Python user.

Run by PythonOpenAiClientIT with OPENAI_BASE_URL, KEY_A (tenant a), KEY_B (tenant b) in the environment.
Prints one JSON object with what it saw; the IT asserts on it.
"""

import io
import json
import os
import sys
import time

import openai
from openai import OpenAI

base_url = os.environ["OPENAI_BASE_URL"]
a = OpenAI(base_url=base_url, api_key=os.environ["KEY_A"], max_retries=0, timeout=60)
b = OpenAI(base_url=base_url, api_key=os.environ["KEY_B"], max_retries=0, timeout=60)
seen = {"sdk": openai.__version__}

chat = a.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hello from python"}])
seen["chat"] = {"object": chat.object, "content": chat.choices[0].message.content,
                "finish_reason": chat.choices[0].finish_reason, "total_tokens": chat.usage.total_tokens}

emb = a.embeddings.create(model="text-embedding-3-small", input=["one", "two"])
seen["embeddings"] = {"count": len(emb.data), "dims": len(emb.data[0].embedding)}

resp = a.responses.create(model="gpt-4o-mini", input="say hi", instructions="be brief")
seen["responses"] = {"object": resp.object, "status": resp.status, "output_text": resp.output_text}

seen["models"] = sorted(m.id for m in a.models.list())
seen["routed_model_owner"] = a.models.retrieve(os.environ["ROUTED_MODEL"]).owned_by

lines = []
for i in range(3):
    lines.append(json.dumps({"custom_id": "py-%d" % i, "method": "POST", "url": "/v1/chat/completions",
                             "body": {"model": "sim-model",
                                      "messages": [{"role": "user", "content": "line %d" % i}]}}))
# a model the simulator does not recognise fails its line: it goes to the error file
lines.append(json.dumps({"custom_id": "py-bad", "method": "POST", "url": "/v1/chat/completions",
                         "body": {"model": "sim-latency-5-jtter-5", "messages": [{"role": "user", "content": "x"}]}}))
upload = a.files.create(file=("py.jsonl", io.BytesIO(("\n".join(lines) + "\n").encode())), purpose="batch")
batch = a.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h",
                         metadata={"from": "python"})
deadline = time.time() + 120
while batch.status not in ("completed", "failed", "expired", "cancelled") and time.time() < deadline:
    time.sleep(0.5)
    batch = a.batches.retrieve(batch.id)
out = a.files.content(batch.output_file_id).text if batch.output_file_id else ""
err = a.files.content(batch.error_file_id).text if batch.error_file_id else ""
seen["batch"] = {"status": batch.status, "metadata": batch.metadata,
                 "counts": {"total": batch.request_counts.total, "completed": batch.request_counts.completed,
                            "failed": batch.request_counts.failed},
                 "output_ids": sorted(json.loads(l)["custom_id"] for l in out.splitlines() if l.strip()),
                 "error_ids": sorted(json.loads(l)["custom_id"] for l in err.splitlines() if l.strip())}
seen["listed"] = [x.id for x in a.batches.list(limit=100)].count(batch.id)

try:
    b.batches.retrieve(batch.id)
    seen["other_tenant"] = "visible"
except openai.NotFoundError as e:
    seen["other_tenant"] = "NotFoundError %d" % e.status_code

try:
    OpenAI(base_url=base_url, api_key="sk-wrong", max_retries=0).models.list()
    seen["wrong_key"] = "accepted"
except openai.AuthenticationError as e:
    seen["wrong_key"] = "AuthenticationError %d" % e.status_code

try:
    a.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}], stream=True)
    seen["stream"] = "accepted"
except openai.BadRequestError as e:
    seen["stream"] = "BadRequestError %d" % e.status_code

print(json.dumps(seen))
sys.stdout.flush()
