import os
import shlex
import subprocess
from langchain_core.tools import tool
import discord
from discord.ext import commands
from slack_bolt import App

# expect: subprocess-shell
os.system("clear")

# ok: subprocess-shell
subprocess.run(["git", "status"], check=True)


@tool
def run_command(command: str) -> str:
    """Run a shell command for the user."""
    # expect: subprocess-shell
    return subprocess.check_output(command, shell=True, text=True)


@tool
def grep_logs(pattern: str) -> str:
    """Search the logs."""
    # expect: subprocess-shell
    out = subprocess.run(f"grep {shlex.quote(pattern)} /var/log/app.log", shell=True, capture_output=True)
    # ok: subprocess-shell
    out = subprocess.run(["grep", "--", pattern, "/var/log/app.log"], capture_output=True)
    return out.stdout.decode()


def archive(name):
    # expect: subprocess-shell
    subprocess.Popen(["bash", "-c", "tar czf /backups/" + name + ".tgz data"])


# Chat bots: what anyone in the workspace or server writes arrives in the handler
slack = App()
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@slack.command("/logs")
def logs(ack, command, respond):
    ack()
    # expect: subprocess-shell
    out = subprocess.run(f"journalctl -u {command['text']} -n 50", shell=True, capture_output=True, text=True)
    # ok: subprocess-shell
    safe = subprocess.run(["journalctl", "-u", command["text"], "-n", "50"], capture_output=True, text=True)
    respond(out.stdout + safe.stdout)


@slack.event("app_mention")
def mention(event, say):
    # expect: subprocess-shell
    subprocess.run("echo " + event["text"] + " >> mentions.log", shell=True)
    say("noted")


@bot.command()
async def ping(ctx, host: str):
    # expect: subprocess-shell
    os.system(f"ping -c 1 {host}")
    # ok: subprocess-shell
    subprocess.run(["ping", "-c", "1", host], check=False)


class Relay(discord.Client):
    async def on_message(self, message):
        # expect: subprocess-shell
        subprocess.run(f"notify-send '{message.content}'", shell=True)
