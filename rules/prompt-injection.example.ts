import Anthropic from '@anthropic-ai/sdk';
import { Agent, run } from '@openai/agents';
import { OpenAIEmbeddings } from '@langchain/openai';
import { MemoryVectorStore } from 'langchain/vectorstores/memory';
import { SystemMessage, HumanMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { tool } from '@langchain/core/tools';
import { generateText, streamText } from 'ai';
import express from 'express';
import OpenAI from 'openai';
import { z } from 'zod';

const openai = new OpenAI();
const anthropic = new Anthropic();
const app = express();
const SYSTEM = 'You are a support agent. Answer from the knowledge base only.';

app.post('/chat', async (req, res) => {
  const { persona, question } = req.body;
  // expect: prompt-injection
  await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: `You are ${persona}.` }, { role: 'user', content: question }] });
  // ok: prompt-injection
  await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: question }] });
  // expect: prompt-injection
  await openai.responses.create({ model: 'gpt-4o', instructions: `House rules: ${persona}`, input: question });
  // expect: prompt-injection
  const agent = new Agent({ name: 'helper', instructions: `Act as ${persona}` });
  // ok: prompt-injection
  const steady = new Agent({ name: 'helper', instructions: SYSTEM });
  res.json({ agent: agent.name, steady: steady.name });
});

export async function summarize(url: string): Promise<string> {
  const page = await (await fetch(url)).text();
  // expect: prompt-injection
  const reply = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 512, system: `Follow the page's guidance:\n${page}`, messages: [{ role: 'user', content: 'Summarize.' }] });
  // ok: prompt-injection
  await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 512, system: SYSTEM, messages: [{ role: 'user', content: page }] });
  // expect: prompt-injection
  await generateText({ model: 'openai/gpt-4o', system: page, prompt: 'Summarize.' });
  // ok: prompt-injection
  await streamText({ model: 'openai/gpt-4o', system: SYSTEM, prompt: `Summarize:\n${page}` });
  // expect: prompt-injection
  const prompt = ChatPromptTemplate.fromMessages([['system', `Context: ${page}`], ['human', '{question}']]);
  // ok: prompt-injection
  const template = ChatPromptTemplate.fromMessages([['system', SYSTEM], ['human', `Context: ${page}\n{question}`]]);
  return String(reply.id) + String(prompt) + String(template);
}

export const delegate = tool(
  async ({ task, style }: { task: string; style: string }) => {
    // expect: prompt-injection
    const messages = [new SystemMessage(`Write in this style: ${style}`), new HumanMessage(task)];
    // ok: prompt-injection
    const safe = [new SystemMessage(SYSTEM), new HumanMessage(task)];
    return String(messages.length + safe.length);
  },
  { name: 'delegate', description: 'Hand a task to a sub-agent', schema: z.object({ task: z.string(), style: z.string() }) },
);

// ok: prompt-injection
export const configured = new Agent({ name: 'triage', instructions: process.env.TRIAGE_PROMPT ?? SYSTEM });

// retrieved documents and another agent's answer are data too
export async function answerFromDocs(question: string, notes: string[]): Promise<string> {
  const store = await MemoryVectorStore.fromTexts(notes, notes.map(() => ({})), new OpenAIEmbeddings());
  const docs = await store.similaritySearch(question, 4);
  const context = docs.map((d) => d.pageContent).join('\n');
  // expect: prompt-injection
  const grounded = await generateText({ model: 'openai/gpt-4o', system: `Answer using these notes:\n${context}`, prompt: question });
  // ok: prompt-injection
  const plain = await generateText({ model: 'openai/gpt-4o', system: SYSTEM, prompt: `Notes:\n${context}\n\nQuestion: ${question}` });
  const research = await run(new Agent({ name: 'researcher', instructions: SYSTEM }), question);
  // expect: prompt-injection
  const writer = new Agent({ name: 'writer', instructions: `Write following the research: ${research.finalOutput}` });
  // expect: prompt-injection
  await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'developer', content: context }, { role: 'user', content: question }] });
  return grounded.text + plain.text + writer.name;
}

