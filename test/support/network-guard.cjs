// Every test run has the engine's fail-closed network guard on: loopback and the lab's
// 10.99.0.0/16 only (child processes such as the pgplay CLI inherit it). A suite that needs
// other ranges to show a refusal sets its own value for that one run.
process.env.PGPLAY_ALLOWED_NETS ??= '10.99.0.0/16,127.0.0.0/8,::1/128';
