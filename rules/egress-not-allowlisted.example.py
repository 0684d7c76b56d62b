import requests

# ok: egress-not-allowlisted
requests.get("https://api.github.com/user")

# expect: egress-not-allowlisted
requests.post("https://pastebin.com/api/api_post.php", data={"text": "x"})

# ok: egress-not-allowlisted
requests.get("https://docs.example.com/index.html")

# expect: egress-not-allowlisted
requests.get("http://169.254.169.254/latest/meta-data/")
