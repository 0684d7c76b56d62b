import express from 'express';
import axios from 'axios';

const app = express();

app.post('/preview', async (req, res) => {
  // expect: egress-untrusted-url
  const page = await fetch(req.body.url);
  // ok: egress-untrusted-url
  const repo = await axios.get(`https://api.github.com/repos/${req.body.repo}`);
  res.send([await page.text(), repo.data]);
});
