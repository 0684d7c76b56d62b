import subprocess

# ok: subprocess-not-allowlisted
subprocess.run(["git", "status"])

# expect: subprocess-not-allowlisted
subprocess.run(["docker", "run", "--rm", "alpine"])

# ok: subprocess-not-allowlisted
subprocess.run(["ls", "-la"])

# expect: subprocess-not-allowlisted
subprocess.call(["/tmp/evil/git", "status"])
