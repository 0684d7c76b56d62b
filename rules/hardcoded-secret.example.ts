// expect: hardcoded-secret
const AWS_ACCESS_KEY_ID: string = 'AKIAZ7QW3ERT5YUI8OPL';

// ok: hardcoded-secret
const AWS_DOC_KEY: string = 'AKIAIOSFODNN7EXAMPLE';

export { AWS_ACCESS_KEY_ID, AWS_DOC_KEY };
