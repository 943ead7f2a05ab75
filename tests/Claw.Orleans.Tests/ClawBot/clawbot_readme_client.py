"""A ClawBot Coordinator client as its README shows one, run against Claw unchanged.

The README's steps: register a bot, create a workflow with task payloads, assign a task to the bot, the bot
connects over the WebSocket control channel and reports completion with a task_complete frame, query the available
bots, read the workflow with its tasks. The bot below is the README's bot: asyncio + websockets, reads `connected`,
then answers every `task_assigned` with `task_complete`. Run: python3 clawbot_readme_client.py http://127.0.0.1:PORT
It prints one JSON line (what it saw) and exits 0, or exits 1 naming the step that broke.
"""
import asyncio
import json
import sys
import threading
import time

import requests
import websockets

BASE = sys.argv[1].rstrip("/")
API = BASE + "/api/v1"
WS = "ws" + BASE[len("http"):] + "/api/v1"
seen = {"connected": None, "assigned": []}


async def bot_worker(bot_id):
    uri = f"{WS}/ws/control?bot_id={bot_id}"

    async with websockets.connect(uri) as websocket:
        connected = await websocket.recv()
        seen["connected"] = json.loads(connected)

        while True:
            message = await websocket.recv()
            data = json.loads(message)

            if data["type"] == "task_assigned":
                task_id = data["payload"]["task_id"]
                task_payload = data["payload"]["task_payload"]
                seen["assigned"].append(task_id)

                result = {"output": "success", "action": task_payload.get("action")}

                completion = {
                    "type": "task_complete",
                    "payload": {
                        "task_id": task_id,
                        "success": True,
                        "result": result,
                    },
                }
                await websocket.send(json.dumps(completion))


def check(ok, what):
    if not ok:
        print("FAILED: " + what, file=sys.stderr)
        sys.exit(1)


def wait_for(what, probe, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.1)
    check(False, "timed out waiting for " + what)


def main():
    # 1. Register a bot
    response = requests.post(API + "/bots", json={
        "name": "build-bot-01",
        "capabilities": ["python", "docker", "build"],
        "metadata": {"version": "1.0", "region": "us-west"},
    })
    check(response.status_code == 201, "register: %s %s" % (response.status_code, response.text))
    bot = response.json()
    check(bot["status"] == "offline", "a new bot is offline: " + bot["status"])
    bot_id = bot["id"]

    # 2. Create a workflow with tasks
    response = requests.post(API + "/workflows", json={
        "name": "CI/CD Pipeline",
        "description": "Build, test, and deploy application",
        "task_payloads": [
            {"action": "build", "dockerfile": "Dockerfile", "tag": "v1.2.3"},
            {"action": "test", "suite": "integration", "coverage": True},
            {"action": "deploy", "environment": "staging", "region": "us-west"},
        ],
        "metadata": {"project": "my-app", "branch": "main"},
    })
    check(response.status_code == 201, "create workflow: %s %s" % (response.status_code, response.text))
    workflow = response.json()
    check(workflow["status"] == "pending" and len(workflow["task_ids"]) == 3, "workflow: " + response.text)

    # 4. The bot connects over the WebSocket (the README's bot, in its own thread and event loop)
    threading.Thread(target=lambda: asyncio.run(bot_worker(bot_id)), daemon=True).start()
    wait_for("the bot to be connected", lambda: seen["connected"])
    check(seen["connected"]["type"] == "connected", "first frame: %s" % seen["connected"])
    connections = requests.get(API + "/ws/connections").json()
    check(bot_id in connections["bot_ids"] and connections["count"] >= 1, "connections: %s" % connections)

    # 3. Assign each task to the bot (a step can be assigned once the one before it completed)
    for task_id in workflow["task_ids"]:
        wait_for("task %s to be pending" % task_id, lambda: requests.get(API + "/tasks/" + task_id).json()["status"] == "pending")
        response = requests.post(API + "/tasks/" + task_id + "/assign", json={"bot_id": bot_id})
        check(response.status_code == 200, "assign: %s %s" % (response.status_code, response.text))
        check(response.json()["message"] == "Task assigned to bot", "assign answer: " + response.text)
        wait_for("task %s to be completed" % task_id, lambda: requests.get(API + "/tasks/" + task_id).json()["status"] == "completed")

    # 5. Query available bots
    available = requests.get(API + "/bots/available", params={"capability": "python"}).json()
    check(isinstance(available, list) and bot_id in [b["id"] for b in available], "available bots: %s" % available)

    # 6. Get the workflow with its tasks
    response = requests.get(API + "/workflows/" + workflow["id"] + "/tasks")
    check(response.status_code == 200, "workflow tasks: " + response.text)
    tasks = response.json()["tasks"]
    check([t["result"]["action"] for t in tasks] == ["build", "test", "deploy"], "results: %s" % tasks)

    print(json.dumps({
        "bot_id": bot_id,
        "workflow_id": workflow["id"],
        "assigned": seen["assigned"],
        "workflow_status": response.json()["workflow"]["status"],
    }))


main()
