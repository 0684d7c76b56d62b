import { execFileSync, execSync } from 'child_process';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { App } from '@slack/bolt';
import { Client, Events, GatewayIntentBits } from 'discord.js';

export const shellTool = tool(
  async ({ cmd }: { cmd: string }) => {
    // expect: subprocess-shell
    return execSync(cmd).toString();
  },
  { name: 'shell', description: 'Run a command', schema: z.object({ cmd: z.string() }) },
);

// expect: subprocess-shell
execSync('npm run build');

// ok: subprocess-shell
execFileSync('npm', ['run', 'build']);

// Chat bots: what anyone in the workspace or server writes arrives in the handler
const slack = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });

slack.command('/logs', async ({ command, ack, respond }) => {
  await ack();
  // expect: subprocess-shell
  const out = execSync(`journalctl -u ${command.text} -n 50`);
  // ok: subprocess-shell
  const safe = execFileSync('journalctl', ['-u', command.text, '-n', '50']);
  await respond(String(out) + String(safe));
});

const discordClient = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] });

discordClient.on(Events.MessageCreate, (message) => {
  // expect: subprocess-shell
  if (message.content.startsWith('!ping ')) execSync(`ping -c 1 ${message.content.slice(6)}`);
});

discordClient.on(Events.InteractionCreate, async (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  // expect: subprocess-shell
  execSync(`dig ${interaction.options.getString('domain')}`);
});
