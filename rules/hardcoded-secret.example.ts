// expect: hardcoded-secret
const AWS_ACCESS_KEY_ID: string = 'AKIAZ7QW3ERT5YUI8OPL';

// ok: hardcoded-secret
const AWS_DOC_KEY: string = 'AKIAIOSFODNN7EXAMPLE';

// ok: hardcoded-secret
const AWS_DOC_SECRET: string = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

// ok: hardcoded-secret
const FEEDBACK_PASSWORD: string = 'feedback.password';

export { AWS_ACCESS_KEY_ID, AWS_DOC_KEY, AWS_DOC_SECRET, FEEDBACK_PASSWORD };
