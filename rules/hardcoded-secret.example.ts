// expect: hardcoded-secret
const AWS_ACCESS_KEY_ID: string = 'AKIAZ7QW3ERT5YUI8OPL';

// ok: hardcoded-secret
const AWS_DOC_KEY: string = 'AKIAIOSFODNN7EXAMPLE';

// ok: hardcoded-secret
const AWS_DOC_SECRET: string = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

// ok: hardcoded-secret
const FEEDBACK_PASSWORD: string = 'feedback.password';

// environment defaults: the fallback is the secret
// expect: hardcoded-secret
export const client = connect(process.env.SECRET_TOKEN ?? 'uLNKYFyRB5KheZ5brvLeiWBX');
// expect: hardcoded-secret
export const hook = connect(process.env['WEBHOOK_SECRET'] || 'TLp7HgfgY37jxXqWxAwKoBuJc9iyErXt');
// ok: hardcoded-secret
export const region = connect(process.env.AWS_REGION ?? 'eu-central-1');
// expect: hardcoded-secret
export const pg = connect('postgresql://app:Zx8vQ2mL9pR4@db.internal:5432/app');
// ok: hardcoded-secret
export const pgLocal = connect(`postgresql://app:${process.env.PGPASSWORD}@db.internal:5432/app`);

declare function connect(v: string | undefined): unknown;

export { AWS_ACCESS_KEY_ID, AWS_DOC_KEY, AWS_DOC_SECRET, FEEDBACK_PASSWORD };
