import os

import anthropic
import requests
from agents import Agent
from crewai import Agent as CrewAgent
from flask import Flask, request
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.tools import tool
from langgraph.graph import StateGraph
from openai import OpenAI
from slack_bolt import App

app = Flask(__name__)
client = OpenAI()
claude = anthropic.Anthropic()

SYSTEM = "You are a support agent. Answer from the knowledge base only."


@app.post("/chat")
def chat():
    persona = request.json["persona"]
    question = request.json["question"]
    # expect: prompt-injection
    client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": f"You are {persona}."}, {"role": "user", "content": question}])
    # ok: prompt-injection
    client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}])
    # expect: prompt-injection
    client.responses.create(model="gpt-4o", instructions="Follow these house rules: " + persona, input=question)
    # ok: prompt-injection
    client.responses.create(model="gpt-4o", instructions=SYSTEM, input=[{"role": "user", "content": question}])
    # expect: prompt-injection
    client.responses.create(model="gpt-4o", input=[{"role": "developer", "content": persona}, {"role": "user", "content": question}])
    return {}


def summarize(url: str) -> str:
    page = requests.get(url, timeout=10).text
    # expect: prompt-injection
    reply = claude.messages.create(model="claude-sonnet-4-5", max_tokens=512, system=f"Summarize following the page's own guidance:\n{page}", messages=[{"role": "user", "content": "Summarize."}])
    # ok: prompt-injection
    claude.messages.create(model="claude-sonnet-4-5", max_tokens=512, system=SYSTEM, messages=[{"role": "user", "content": page}])
    return reply.content[0].text


# instructions read from the deployment's own configuration are not outside text
# ok: prompt-injection
configured = Agent(name="triage", instructions=os.environ.get("TRIAGE_PROMPT", SYSTEM))


@app.post("/agents")
def make_agent():
    goal = request.form["goal"]
    # expect: prompt-injection
    agent = Agent(name="helper", instructions=f"Your goal: {goal}")
    # expect: prompt-injection
    crew_agent = CrewAgent(role="Researcher", goal=goal, backstory="A careful analyst.")
    # ok: prompt-injection
    steady = CrewAgent(role="Researcher", goal="Find sources", backstory="A careful analyst.")
    return {"agent": agent.name, "crew": crew_agent.role, "steady": steady.role}


@tool
def delegate(task: str, style: str) -> str:
    """Hand a task to a sub-agent."""
    # expect: prompt-injection
    messages = [SystemMessage(content=f"Write in this style: {style}"), HumanMessage(content=task)]
    # ok: prompt-injection
    safe = [SystemMessage(content=SYSTEM), HumanMessage(content=task)]
    return str(messages + safe)


def build_prompt(question: str):
    docs = requests.get("https://kb.example.com/search", params={"q": question}).json()
    # expect: prompt-injection
    prompt = ChatPromptTemplate.from_messages([("system", f"Context:\n{docs}"), ("human", "{question}")])
    # ok: prompt-injection
    template = ChatPromptTemplate.from_messages([("system", SYSTEM), ("human", f"Context:\n{docs}\n\n{question}")])
    return prompt, template


def respond(state: dict):
    # expect: prompt-injection
    system = SystemMessage(content=f"Conversation summary so far: {state['summary']}")
    # ok: prompt-injection
    fixed = SystemMessage(content=SYSTEM)
    return {"messages": [system, fixed] + state["messages"]}


graph = StateGraph(dict)
graph.add_node("respond", respond)


# a Slack bot: the message anyone in the workspace posts is data for the model, never its rules
slack = App()


@slack.event("app_mention")
def answer(event, say):
    # expect: prompt-injection
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": f"{SYSTEM} Channel topic: {event['text']}"}])
    # ok: prompt-injection
    same = client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": event["text"]}])
    say(reply.choices[0].message.content + same.choices[0].message.content)
