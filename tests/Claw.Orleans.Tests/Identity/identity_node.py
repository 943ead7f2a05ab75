"""A Claw node written in Python with PyNaCl: it registers an Ed25519 public key, answers the control channel's
challenge, completes its task with a result signed over RFC 8785 canonical JSON, and checks that a replay of that
signed result is refused. Usage: identity_node.py BASE_URL. Prints one JSON summary line last."""
import asyncio
import base64
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

import nacl.signing
import websockets


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def canonical(value):
    # RFC 8785 for what this node signs (strings and integers): sorted keys, no whitespace, UTF-8 as is.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def call(base, method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


async def main(base):
    key = nacl.signing.SigningKey.generate()
    node, queue = "py-" + uuid.uuid4().hex[:12], "pyq-" + uuid.uuid4().hex[:8]
    status, _ = call(base, "POST", "/api/v1/nodes", {"id": node, "name": node, "public_key": b64url(bytes(key.verify_key))})
    assert status == 201, status
    status, task = call(base, "POST", "/api/v1/tasks", {"queue": queue, "type": "py", "payload": {"question": "six times seven"}})
    assert status == 201, status

    url = base.replace("http", "ws", 1) + f"/api/v1/ws/control?bot_id={node}&queues={queue}"
    async with websockets.connect(url) as ws:
        challenge = json.loads(await ws.recv())
        assert challenge["type"] == "challenge", challenge
        nonce, ts = challenge["payload"]["nonce"], challenge["payload"]["ts"]
        proof = key.sign(f"claw-connect-v1|{node}|{nonce}|{ts}".encode()).signature
        await ws.send(json.dumps({"type": "auth", "payload": {"signature": b64url(proof)}}))
        connected = json.loads(await ws.recv())
        assert connected["type"] == "connected", connected
        assignment = None
        while assignment is None:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 30))
            if frame["type"] == "task_assigned":
                assignment = frame["payload"]
        result = {"answer": 42, "by": "pynacl"}
        signed = {"task_id": assignment["task_id"], "lease_id": assignment["lease_id"], "attempt": assignment["attempt"],
                  "result": result, "ts": int(time.time()), "nonce": uuid.uuid4().hex}
        signature = {"ts": signed["ts"], "nonce": signed["nonce"], "sig": b64url(key.sign(canonical(signed)).signature)}
        await ws.send(json.dumps({"type": "task_complete", "payload": {"task_id": assignment["task_id"], "success": True,
                                                                       "result": result, "signature": signature}}))
        for _ in range(50):
            status, view = call(base, "GET", f"/api/v1/tasks/{task['id']}")
            if view["status"] == "completed":
                break
            await asyncio.sleep(0.2)

    replay_status, replay = call(base, "POST", f"/api/v1/tasks/{task['id']}/complete", {"result": result, "signature": signature})
    print(json.dumps({"node_id": node, "task_id": task["id"], "status": view["status"],
                      "replay_status": replay_status, "replay_code": (replay or {}).get("code")}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1].rstrip("/")))
