import type { FrameworkModel } from './types.js';

/** discord.py events whose arguments carry what users wrote. */
const DISCORD_EVENTS = ['on_message', 'on_message_edit', 'on_interaction', 'on_reaction_add', 'on_thread_create', 'on_member_join'];

/**
 * Chat bots: the events a Slack or Discord bot receives are written by whoever can post in
 * the workspace or server (`event["text"]`, `command["text"]`, `message.content`, slash-command
 * options). Their handlers' parameters are request input, like a web route's. Python:
 * Slack Bolt (`@app.event`, `@app.message`, `@app.command`, ...; `App` and `AsyncApp`) and
 * discord.py (`@client.event`, `@bot.command()`, `@bot.tree.command()`, cog commands and
 * listeners).
 */
export const chatBotsPython: FrameworkModel = {
  id: 'chat-bots-python',
  title: 'Slack Bolt / discord.py event payloads',
  languages: ['python'],
  enablers: ['slack_bolt*', 'discord*'],
  routeDecorators: [
    ...['event', 'message', 'command', 'action', 'shortcut', 'view', 'options', 'function', 'block_action', 'view_submission'].map((m) => `slack_bolt.**.*App().${m}`),
    'discord.**.*Client().event',
    'discord.**.*Bot().event',
    'discord.**.*Bot().listen',
    'discord.**.*Bot().command',
    'discord.**.*Bot().hybrid_command',
    'discord.**.*Bot().slash_command',
    'discord.**.*Bot().tree.command',
    'discord.**.*Client().tree.command',
    'discord.**.CommandTree().command',
    'discord.ext.commands.command',
    'discord.ext.commands.hybrid_command',
    'discord.ext.commands.Cog.listener',
    'discord.app_commands.command',
  ],
  // `class Bot(discord.Client): async def on_message(self, message)`
  toolClasses: [
    { base: 'discord.**.*Client', methods: DISCORD_EVENTS, input: 'request-input' },
    { base: 'discord.**.*Bot', methods: DISCORD_EVENTS, input: 'request-input' },
  ],
};

/**
 * The same for JavaScript: Slack Bolt (`app.message(pattern, async ({ message, say }) => ...)`,
 * `app.event`, `app.command`, ...) and discord.js (`client.on('messageCreate', (msg) => ...)`,
 * `client.on(Events.InteractionCreate, (interaction) => ...)`).
 */
export const chatBotsJs: FrameworkModel = {
  id: 'chat-bots-js',
  title: 'Slack Bolt / discord.js event payloads',
  languages: ['javascript'],
  enablers: ['@slack/bolt', 'discord.js'],
  toolFactories: [
    ...['event', 'message', 'command', 'action', 'shortcut', 'view', 'options', 'function'].map((m) => ({
      callee: `@slack/bolt.App().${m}`,
      where: [-1],
      input: 'request-input' as const,
    })),
    { callee: 'discord.js.Client().on', where: [-1], input: 'request-input' },
    { callee: 'discord.js.Client().once', where: [-1], input: 'request-input' },
  ],
  // the avatar, banner and icon URLs discord.js builds point at Discord's CDN, whoever the user is
  // (the front end asks only about methods named `...URL`)
  sanitizers: ['displayAvatarURL', 'avatarURL', 'bannerURL', 'iconURL', 'splashURL', 'displayAvatarDecorationURL'].map((m) => ({
    callee: `?.${m}`,
    kind: 'url-allowlisted' as const,
  })),
};
