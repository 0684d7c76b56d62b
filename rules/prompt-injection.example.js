import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { streamText } from 'ai';
import express from 'express';
import OpenAI from 'openai';

const openai = new OpenAI();
const app = express();
const SYSTEM = 'You answer questions about our product.';

app.post('/ask', async (req, res) => {
  const tone = req.query.tone;
  // expect: prompt-injection
  const answer = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'developer', content: 'Tone: ' + tone }, { role: 'user', content: req.body.q }] });
  // ok: prompt-injection
  await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: `${tone}: ${req.body.q}` }] });
  // expect: prompt-injection
  const stream = streamText({ model: 'openai/gpt-4o', messages: [{ role: 'system', content: req.body.rules }, { role: 'user', content: req.body.q }] });
  // ok: prompt-injection
  streamText({ model: 'openai/gpt-4o', system: SYSTEM, messages: [{ role: 'user', content: req.body.q }] });
  res.json({ answer, stream });
});

export async function researcher(llm, tools, url) {
  const notes = await (await fetch(url)).text();
  // expect: prompt-injection
  const agent = createReactAgent({ llm, tools, prompt: `You are a researcher. Notes from the source: ${notes}` });
  // ok: prompt-injection
  const plain = createReactAgent({ llm, tools, prompt: SYSTEM });
  return [agent, plain];
}
