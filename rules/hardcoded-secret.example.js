import Anthropic from '@anthropic-ai/sdk';

// expect: hardcoded-secret
const anthropic = new Anthropic({ apiKey: 'sk-ant-api03-Qw8eR5tY2uI9oP3aS6dF1gH4jK7lZ0xC-vB2nM5qW8eR1tY4uI7oP0aS3dF6gH9jK2lZ5xC8vB1nM4qW7eR-0tY3uAA' });

// ok: hardcoded-secret
const fromEnv = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

const config = {
  // expect: hardcoded-secret
  githubToken: 'ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s9X',
  // ok: hardcoded-secret
  token: 'your-token-here',
};

export { anthropic, fromEnv, config };
