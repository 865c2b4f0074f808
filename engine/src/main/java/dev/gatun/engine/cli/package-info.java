/**
 * The {@code gatun} command line: {@link dev.gatun.engine.cli.Main} dispatches to the
 * {@link dev.gatun.engine.cli.Command}s it lists, each of which declares its options in an
 * {@link dev.gatun.engine.cli.Options} and reads them, typed, from {@link dev.gatun.engine.cli.Args}.
 *
 * <p>Conventions every command follows: results go to standard output (as JSON with {@code --json}),
 * progress ({@link dev.gatun.engine.cli.ProgressBar}) and diagnostics to standard error; failures are
 * thrown, and {@code Main} turns them into one-line messages and exit codes (0 success, 1 error,
 * 2 usage error). The package depends on nothing but the JDK and Gatun's own modules.
 */
package dev.gatun.engine.cli;
