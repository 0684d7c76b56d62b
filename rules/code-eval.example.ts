import OpenAI from 'openai';

const client = new OpenAI();

export async function solve(task: string): Promise<unknown> {
  const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: task }] });
  const code = completion.choices[0].message.content ?? '';
  // expect: code-eval
  return eval(code);
}

// ok: code-eval
export const two = eval('1 + 1');
