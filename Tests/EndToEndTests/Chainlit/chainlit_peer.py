#!/usr/bin/env python3
"""Chainlit's own data layer, used as a peer: reads what parley wrote, and writes a chat as Chainlit does.

Usage:
  chainlit_peer.py read  DATABASE_URL USER_IDENTIFIER THREAD_ID
  chainlit_peer.py write DATABASE_URL USER_IDENTIFIER

`read` prints, as JSON, what Chainlit's web app would get for the thread: get_thread's result, the
thread's place in the user's sidebar (list_threads), the steps the React client would draw (a step whose
parent is not drawn before it is dropped), and the chat memory on_chat_resume would rebuild.
`write` stores one exchange (user message, on_message run, assistant answer, thumbs-up on the run) with
Chainlit's Message and Step classes and prints the ids as JSON.
"""
import asyncio
import json
import os
import sys

os.environ.pop("DATABASE_URL", None)  # otherwise Chainlit would build a second data layer of its own


def data_layer(url):
    from chainlit.data.sql_alchemy import SQLAlchemyDataLayer

    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    url = url.replace("postgresql://", "postgresql+asyncpg://", 1)
    return SQLAlchemyDataLayer(conninfo=url)


async def read(url, identifier, thread_id):
    from chainlit.types import Pagination, ThreadFilter

    layer = data_layer(url)
    user = await layer.get_user(identifier)
    thread = await layer.get_thread(thread_id)
    page = await layer.list_threads(Pagination(first=20), ThreadFilter(userId=user.id if user else None))
    drawn, present = [], set()
    for step in (thread or {}).get("steps", []):
        if step.get("parentId") is None or step["parentId"] in present:
            present.add(step["id"])
            drawn.append({"id": step["id"], "type": step["type"], "name": step["name"]})
    memory = [{"type": step["type"], "output": step["output"]}
              for step in (thread or {}).get("steps", []) if "message" in step["type"]]
    print(json.dumps({
        "user": None if user is None else {"id": user.id, "identifier": user.identifier},
        "thread": thread,
        "sidebar": [{"id": t["id"], "name": t["name"]} for t in page.data],
        "drawn": drawn,
        "memory": memory,
    }, default=str))


async def write(url, identifier):
    import chainlit as cl
    from chainlit.context import init_http_context
    from chainlit.types import Feedback
    from chainlit.user import User
    from chainlit.utils import utc_now

    layer = data_layer(url)
    user = await layer.get_user(identifier) or await layer.create_user(User(identifier=identifier))
    context = init_http_context(user=user)
    thread_id = context.session.thread_id
    await layer.update_thread(thread_id, name="Written by Chainlit", user_id=user.id)
    # Message.send() and Step's context manager stamp these; here they are stamped the same way by hand.
    question = cl.Message(content="What is two plus two?", author=identifier, type="user_message")
    question.created_at = question.start = question.end = utc_now()
    await layer.create_step(question.to_dict())
    run = cl.Step(name="on_message", type="run", parent_id=question.id)
    run.input = question.content
    run.created_at = run.start = utc_now()
    await layer.create_step(run.to_dict())
    answer = cl.Message(content="Four.", author="Assistant", parent_id=run.id)
    answer.created_at = answer.start = answer.end = utc_now()
    await layer.create_step(answer.to_dict())
    run.end = utc_now()
    await layer.update_step(run.to_dict())
    await layer.upsert_feedback(Feedback(forId=run.id, threadId=thread_id, value=1, comment="right"))
    print(json.dumps({"user": user.id, "thread": thread_id, "question": question.id, "run": run.id,
                      "answer": answer.id}))


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("read", "write"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "read":
        if len(sys.argv) != 5:
            raise SystemExit(__doc__)
        asyncio.run(read(*sys.argv[2:5]))
    else:
        asyncio.run(write(*sys.argv[2:4]))


if __name__ == "__main__":
    main()
