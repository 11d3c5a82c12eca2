package io.modelgate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parsed command line: {@code <command> <pipeline> [-n|--namespace NS] [--context CTX]}, or {@code --help}.
 * {@code rerun} names a revision, not a pipeline: it is in {@code pipeline} all the same, the one name the command takes.
 *
 * @param namespace null: the kubeconfig context's namespace
 * @param context   null: the kubeconfig's current context
 */
public record Invocation(String command, String pipeline, String namespace, String context, boolean help) {

    public static final Set<String> READ_COMMANDS = Set.of("status", "history");
    public static final Set<String> ACTION_COMMANDS = Set.of("promote", "abort", "retry", "retrain");
    public static final Set<String> PAUSE_COMMANDS = Set.of("pause", "resume");
    /** Commands on one revision; the action is written on its pipeline. */
    public static final Set<String> REVISION_COMMANDS = Set.of("rerun");

    /** A command line that cannot be understood; exit code 1. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static Invocation parse(String... args) throws UsageException {
        List<String> positional = new ArrayList<>();
        String namespace = null;
        String context = null;
        boolean help = false;
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            help |= arg.equals("-h") || arg.equals("--help");
        }
        for (int i = 0; i < args.length && !help; i++) {
            String arg = args[i];
            if (arg.equals("help") && positional.isEmpty()) {
                help = true;
            } else if (arg.equals("-n") || arg.equals("--namespace")) {
                namespace = value(args, ++i, arg);
            } else if (arg.startsWith("--namespace=")) {
                namespace = nonEmpty(arg.substring("--namespace=".length()), "--namespace");
            } else if (arg.startsWith("-n=")) {
                namespace = nonEmpty(arg.substring(3), "-n");
            } else if (arg.startsWith("-n") && arg.length() > 2) {
                namespace = arg.substring(2);
            } else if (arg.equals("--context")) {
                context = value(args, ++i, arg);
            } else if (arg.startsWith("--context=")) {
                context = nonEmpty(arg.substring("--context=".length()), "--context");
            } else if (arg.equals("--")) {
                positional.addAll(List.of(args).subList(i + 1, args.length));
                break;
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new UsageException("unknown flag " + arg);
            } else {
                positional.add(arg);
            }
        }
        if (help) {
            return new Invocation(positional.isEmpty() ? null : positional.get(0), null, namespace, context, true);
        }
        if (positional.isEmpty()) {
            throw new UsageException("no command given");
        }
        String command = positional.get(0);
        if (!READ_COMMANDS.contains(command) && !ACTION_COMMANDS.contains(command) && !PAUSE_COMMANDS.contains(command)
                && !REVISION_COMMANDS.contains(command)) {
            throw new UsageException("unknown command \"" + command + "\"");
        }
        String what = REVISION_COMMANDS.contains(command) ? "revision" : "pipeline";
        if (positional.size() < 2) {
            throw new UsageException(command + " needs the name of a " + what);
        }
        if (positional.size() > 2) {
            throw new UsageException(command + " takes one " + what + ", got " + String.join(" ", positional.subList(1, positional.size())));
        }
        return new Invocation(command, positional.get(1), namespace, context, false);
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length || args[i].startsWith("-")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    private static String nonEmpty(String value, String flag) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(flag + " needs a value");
        }
        return value;
    }
}
