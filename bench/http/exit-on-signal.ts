// Preloaded (--import) into a server under --cpu-prof: exit normally on SIGTERM so the profile is written.
process.once('SIGTERM', () => process.exit(0));
