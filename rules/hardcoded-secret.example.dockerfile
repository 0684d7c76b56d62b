FROM python:3.12-slim
# expect: hardcoded-secret
ENV OPENAI_API_KEY=sk-proj-PVuH6g3Hm87CKo5TWE4mf9dLv7M8X2LRnEX2BBfSYmqeehWg
# expect: hardcoded-secret
ARG NPM_TOKEN=npm_TLp7HgfgY37jxXqWxAwKoBuJc9iyErXtuLNK
# expect: hardcoded-secret
ENV DB_PASSWORD q7Wz3xPk9Lm2
ENV APP_ENV=production \
    # expect: hardcoded-secret
    SECRET_KEY=Hq4zW8pLx2NmVb7nQ2xL9kPz
# ok: hardcoded-secret
ARG GITHUB_TOKEN
# ok: hardcoded-secret
ENV API_TOKEN=${API_TOKEN}
RUN pip install --no-cache-dir -r requirements.txt
