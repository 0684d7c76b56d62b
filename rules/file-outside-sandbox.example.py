import os
import shutil
from pathlib import Path

# expect: file-outside-sandbox
with open("/etc/passwd") as f:
    users = f.read()

# ok: file-outside-sandbox
with open("workspace/notes.txt", "w") as f:
    f.write("hello")

# expect: file-outside-sandbox
os.remove("/home/agent/.bash_history")

# expect: file-outside-sandbox
shutil.rmtree("/var/lib/app")

# ok: file-outside-sandbox
os.makedirs("workspace/out", exist_ok=True)

# ok: file-outside-sandbox
open("/dev/null", "w").close()

# expect: file-outside-sandbox
key = open("../secrets/id_rsa").read()

# expect: file-outside-sandbox
shadow = Path("/etc/shadow").read_text()

# ok: file-outside-sandbox
Path("workspace/report.txt").write_text("done")

# expect: file-outside-sandbox
(Path("/var/log") / "app.log").unlink()
