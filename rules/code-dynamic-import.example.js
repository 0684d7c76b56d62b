const express = require('express');

const app = express();

app.get('/hooks/:name', (req, res) => {
  // expect: code-dynamic-import
  const hook = require(req.params.name);
  // ok: code-dynamic-import
  const audit = require('./hooks/audit');
  res.json({ ok: Boolean(hook && audit) });
});
