package io.modelgate.analysis;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelMacro;
import dev.cel.parser.CelMacroExprFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric's {@code successCondition} and {@code failureCondition}: CEL expressions over {@code result}, the value the
 * provider answered (a number, or for {@code http} whatever JSON the pointer or path selected: object, list, string,
 * boolean, number or null). Decided as Argo Rollouts decides its conditions:
 * <ul>
 *   <li>both set: failure true → Failed; else success true → Successful; neither → Inconclusive;</li>
 *   <li>only success: true → Successful, false → Failed; only failure: true → Failed, false → Successful;</li>
 *   <li>an expression that does not evaluate to a boolean, or fails (a missing key, a type mismatch) → Error.</li>
 * </ul>
 * Beside CEL's standard library: {@code isNaN(x)}, {@code isInf(x)}, and {@code default(x, d)}, which is {@code d}
 * when {@code x} is missing (an absent key or index anywhere along {@code result.a.b[0]}) or null, as Argo's
 * {@code default}. Numbers of different kinds compare as numbers ({@code result.count > 5} with a JSON 5.0).
 *
 * <p>Compiled programs are kept per expression text (bounded): a metric is measured every interval with the same text.
 */
public final class ResultConditions {

    public static final String RESULT = "result";

    private static final String DEFAULT_OVERLOAD = "modelgate_default_optional_dyn";
    private static final String FIELD_OVERLOAD = "modelgate_field_optional_string";
    private static final String INDEX_OVERLOAD = "modelgate_index_optional_dyn";
    private static final int MAX_CACHED = 512;

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableOptionalSyntax(true)
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(10_000)
            .build();

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelOptionalLibrary.INSTANCE)
            .addMacros(CelMacro.newGlobalMacro("default", 2, ResultConditions::expandDefault))
            .addVar(RESULT, SimpleType.DYN)
            .addFunctionDeclarations(
                    CelFunctionDecl.newFunctionDeclaration("isNaN",
                            CelOverloadDecl.newGlobalOverload("modelgate_isNaN_double", SimpleType.BOOL, SimpleType.DOUBLE)),
                    CelFunctionDecl.newFunctionDeclaration("isInf",
                            CelOverloadDecl.newGlobalOverload("modelgate_isInf_double", SimpleType.BOOL, SimpleType.DOUBLE)),
                    CelFunctionDecl.newFunctionDeclaration("modelgate_default",
                            CelOverloadDecl.newGlobalOverload(DEFAULT_OVERLOAD, SimpleType.DYN,
                                    OptionalType.create(SimpleType.DYN), SimpleType.DYN)),
                    CelFunctionDecl.newFunctionDeclaration("modelgate_field",
                            CelOverloadDecl.newGlobalOverload(FIELD_OVERLOAD, OptionalType.create(SimpleType.DYN),
                                    OptionalType.create(SimpleType.DYN), SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("modelgate_index",
                            CelOverloadDecl.newGlobalOverload(INDEX_OVERLOAD, OptionalType.create(SimpleType.DYN),
                                    OptionalType.create(SimpleType.DYN), SimpleType.DYN)))
            .setResultType(SimpleType.BOOL)
            .build();

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelOptionalLibrary.INSTANCE)
            .addFunctionBindings(
                    CelFunctionBinding.from("modelgate_isNaN_double", Double.class, d -> Double.isNaN(d)),
                    CelFunctionBinding.from("modelgate_isInf_double", Double.class, d -> Double.isInfinite(d)),
                    CelFunctionBinding.from(DEFAULT_OVERLOAD, Optional.class, Object.class,
                            (value, fallback) -> value.isEmpty() || value.get() instanceof NullValue ? fallback : value.get()),
                    CelFunctionBinding.from(FIELD_OVERLOAD, Optional.class, String.class, ResultConditions::field),
                    CelFunctionBinding.from(INDEX_OVERLOAD, Optional.class, Object.class, ResultConditions::index))
            .build();

    private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();

    private ResultConditions() {
    }

    /** Why {@code expression} cannot be used (it does not parse, names an unknown variable or function, is not a boolean), or empty. */
    public static Optional<String> problem(String expression) {
        Compiled compiled = compile(expression);
        return Optional.ofNullable(compiled.problem);
    }

    /**
     * @param result the provider's answer as plain Java: {@link Map}, {@link List}, {@link String}, {@link Boolean},
     *               {@link Long} or {@link Double}, and {@code null} for JSON null
     * @param shown  the result as a person reads it, for the message
     */
    public static Decision decide(String successCondition, String failureCondition, Object result, String shown) {
        boolean hasSuccess = successCondition != null && !successCondition.isBlank();
        boolean hasFailure = failureCondition != null && !failureCondition.isBlank();
        Evaluated success = hasSuccess ? evaluate(successCondition, result) : null;
        if (success != null && success.error != null) {
            return new Decision(MeasurementPhase.Error, "successCondition " + quoted(successCondition) + " could not be evaluated on result "
                    + shown + ": " + success.error);
        }
        Evaluated failure = hasFailure ? evaluate(failureCondition, result) : null;
        if (failure != null && failure.error != null) {
            return new Decision(MeasurementPhase.Error, "failureCondition " + quoted(failureCondition) + " could not be evaluated on result "
                    + shown + ": " + failure.error);
        }
        if (hasFailure && failure.value) {
            return new Decision(MeasurementPhase.Failed, "result " + shown + " meets failureCondition " + quoted(failureCondition));
        }
        if (hasSuccess && success.value) {
            return new Decision(MeasurementPhase.Successful, "result " + shown + " meets successCondition " + quoted(successCondition));
        }
        if (hasSuccess && hasFailure) {
            return new Decision(MeasurementPhase.Inconclusive, "result " + shown + " meets neither successCondition "
                    + quoted(successCondition) + " nor failureCondition " + quoted(failureCondition));
        }
        if (hasSuccess) {
            return new Decision(MeasurementPhase.Failed, "result " + shown + " does not meet successCondition " + quoted(successCondition));
        }
        return new Decision(MeasurementPhase.Successful, "result " + shown + " does not meet failureCondition " + quoted(failureCondition));
    }

    /** A condition's verdict on one result, with the sentence a person reads. */
    public record Decision(MeasurementPhase phase, String message) {
    }

    private record Compiled(CelRuntime.Program program, String problem) {
    }

    private record Evaluated(boolean value, String error) {
    }

    /**
     * Plain Java as Jackson reads JSON, made CEL values: whole numbers as int (long), other numbers as double,
     * JSON null as CEL null, maps and lists alike all the way down.
     */
    public static Object normalize(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (value instanceof Number number && !(value instanceof Long)) {
            return number.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> normalized = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> normalized.put(String.valueOf(k), normalize(v)));
            return normalized;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ResultConditions::normalize).toList();
        }
        return value;
    }

    private static Evaluated evaluate(String expression, Object result) {
        Compiled compiled = compile(expression);
        if (compiled.problem != null) {
            return new Evaluated(false, compiled.problem);
        }
        try {
            Object value = compiled.program.eval(Map.of(RESULT, normalize(result)));
            if (value instanceof Boolean b) {
                return new Evaluated(b, null);
            }
            return new Evaluated(false, "it gave " + value + ", not a boolean");
        } catch (CelEvaluationException e) {
            return new Evaluated(false, firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            // CEL's own runtime guards (iteration limits, overflow) end here: a measurement Error, never a crashed pass.
            return new Evaluated(false, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    private static Compiled compile(String expression) {
        Compiled cached = CACHE.get(expression);
        if (cached != null) {
            return cached;
        }
        Compiled compiled;
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            compiled = new Compiled(RUNTIME.createProgram(ast), null);
        } catch (CelValidationException e) {
            compiled = new Compiled(null, "not a valid CEL condition over result: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            compiled = new Compiled(null, "not a valid CEL condition over result: " + e.getClass().getSimpleName()
                    + ": " + firstLine(e.getMessage()));
        } catch (dev.cel.common.CelException e) {
            compiled = new Compiled(null, "not a valid CEL condition over result: " + firstLine(e.getMessage()));
        }
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        CACHE.put(expression, compiled);
        return compiled;
    }

    /**
     * {@code default(x, d)}: every field selection and index along {@code x} becomes a step that gives nothing instead
     * of failing when the key, index or value is missing ({@code result.a[0].b} reads as field(index(field(result, a), 0), b)),
     * so that a missing one gives {@code d}; anything else is taken as it is. CEL's own optional index ({@code [?i]}) is
     * not used: over a dyn value its list and map overloads are ambiguous at run time.
     */
    private static Optional<CelExpr> expandDefault(CelMacroExprFactory factory, CelExpr target, ImmutableList<CelExpr> arguments) {
        return Optional.of(factory.newGlobalCall("modelgate_default", maybe(factory, arguments.get(0)), factory.copy(arguments.get(1))));
    }

    private static CelExpr maybe(CelMacroExprFactory factory, CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && !expr.select().testOnly()) {
            return factory.newGlobalCall("modelgate_field", maybe(factory, expr.select().operand()),
                    factory.newStringLiteral(expr.select().field()));
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_[_]")
                && expr.call().target().isEmpty() && expr.call().args().size() == 2) {
            return factory.newGlobalCall("modelgate_index", maybe(factory, expr.call().args().get(0)),
                    factory.copy(expr.call().args().get(1)));
        }
        return factory.newGlobalCall("optional.of", factory.copy(expr));
    }

    private static Optional<Object> field(Optional<?> operand, String name) {
        return operand.filter(Map.class::isInstance).map(map -> ((Map<?, ?>) map).get(name));
    }

    private static Optional<Object> index(Optional<?> operand, Object key) {
        if (operand.isEmpty()) {
            return Optional.empty();
        }
        if (operand.get() instanceof List<?> list && key instanceof Long i) {
            return i >= 0 && i < list.size() ? Optional.ofNullable(list.get(i.intValue())) : Optional.empty();
        }
        if (operand.get() instanceof Map<?, ?> map) {
            return Optional.ofNullable(map.get(key instanceof Long || key instanceof String ? key : String.valueOf(key)));
        }
        return Optional.empty();
    }

    private static String quoted(String expression) {
        return "\"" + abbreviate(expression) + "\"";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("no detail");
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }

    private static String abbreviate(String expression) {
        String flat = expression.strip().replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 119) + "…" : flat;
    }
}
