package io.matview.internal.view;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds where a query names other managed views, from its tokens rather than a full parse.
 *
 * <p>A name is a chain of identifiers joined by dots, read from its first part. The chain is tried first
 * as a relation ({@code x}, {@code s.x}, or {@code db.s.x}), then without its last part, as the qualifier
 * of a column or of {@code .*} ({@code x.total}, {@code s.x.total}). Qualifiers count so that
 * {@link #rename} keeps {@code daily_revenue.total} pointing at the renamed relation.
 *
 * <p>Approximations, accepted because Matview checks dependencies against {@code pg_depend} after apply:
 * <ul>
 *   <li>A column, alias or schema spelled like a view ({@code select plan_usage from t},
 *       {@code from t plan_usage}) is a false positive; only an alias right after {@code AS} is recognised.
 *   <li>A CTE hides views of its name from unqualified uses anywhere in the query, not only in the CTE's
 *       real scope; a schema-qualified use still counts.
 *   <li>A type named right after {@code AS}, as in {@code cast(r as daily_revenue)}, is taken for an alias.
 * </ul>
 */
final class ReferenceFinder {
    /** Stands for the token before the first and after the last, so that look-around needs no bounds checks. */
    private static final Token NONE = new Token(Token.Kind.OPERATOR, "", null, -1, -1);

    private ReferenceFinder() {
    }

    /**
     * The references to {@code candidates} in {@code sql}, in text order.
     *
     * @param defaultSchema the schema an unqualified name resolves to
     * @throws SqlSyntaxException if a string, quoted identifier, dollar quote or comment is never closed
     */
    static List<Reference> find(String sql, String defaultSchema, Set<QualifiedName> candidates) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        Set<String> cteNames = cteNames(tokens);
        List<Reference> refs = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            if (!startsName(tokens, i)) {
                i++;
                continue;
            }
            List<Token> chain = chain(tokens, i);
            i += 2 * chain.size() - 1;
            if (at(tokens, i).isSymbol("(")) {
                continue; // a function call: f(…) or s.f(…)
            }
            Reference ref = reference(chain, defaultSchema, candidates, cteNames);
            if (ref != null) {
                refs.add(ref);
            }
        }
        return refs;
    }

    /**
     * {@code sql} with each reference whose target is a key of {@code renames} replaced by the schema-qualified
     * new name, quoted where needed; every other char is kept as it was.
     *
     * @param refs references into {@code sql}, in text order, as {@link #find} returns them
     */
    static String rename(String sql, List<Reference> refs, Map<QualifiedName, QualifiedName> renames) {
        StringBuilder out = new StringBuilder(sql.length());
        int copied = 0;
        for (Reference ref : refs) {
            QualifiedName to = renames.get(ref.target());
            if (to == null) {
                continue;
            }
            if (ref.start() < copied) {
                throw new IllegalArgumentException("references overlap or are out of text order at " + ref);
            }
            String name = to.sql();
            // A quoted name needs no space around it, its unquoted replacement may: from"X"where
            boolean spaceBefore = ref.start() > 0 && SqlLexer.isIdentifierPart(sql.charAt(ref.start() - 1))
                    && SqlLexer.isIdentifierPart(name.charAt(0));
            boolean spaceAfter = ref.end() < sql.length() && SqlLexer.isIdentifierPart(sql.charAt(ref.end()))
                    && SqlLexer.isIdentifierPart(name.charAt(name.length() - 1));
            out.append(sql, copied, ref.start())
                    .append(spaceBefore ? " " : "")
                    .append(name)
                    .append(spaceAfter ? " " : "");
            copied = ref.end();
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** The chain as a relation, else without its last part as the qualifier of a column or of {@code .*}. */
    private static Reference reference(List<Token> chain, String defaultSchema, Set<QualifiedName> candidates,
            Set<String> cteNames) {
        for (int parts = chain.size(); parts >= Math.max(1, chain.size() - 1); parts--) {
            QualifiedName target = relation(chain.subList(0, parts), defaultSchema);
            boolean hiddenByCte = parts == 1 && cteNames.contains(chain.get(0).value());
            if (target != null && !hiddenByCte && candidates.contains(target)) {
                return new Reference(target, chain.get(0).start(), chain.get(parts - 1).end());
            }
        }
        return null;
    }

    /** A name starts here unless it continues a chain ({@code t.x}) or is an alias ({@code AS x}). */
    private static boolean startsName(List<Token> tokens, int i) {
        Token previous = at(tokens, i - 1);
        return tokens.get(i).isName() && !previous.isSymbol(".") && !previous.isWord("as");
    }

    /** The parts of the dotted name ({@code a.b.c}) that starts at {@code i}. */
    private static List<Token> chain(List<Token> tokens, int i) {
        List<Token> parts = new ArrayList<>(List.of(tokens.get(i)));
        int next = i + 1;
        while (at(tokens, next).isSymbol(".") && at(tokens, next + 1).isName()) {
            parts.add(tokens.get(next + 1));
            next += 2;
        }
        return parts;
    }

    /** The relation that {@code x}, {@code s.x} or {@code db.s.x} names; {@code null} for longer chains. */
    private static QualifiedName relation(List<Token> parts, String defaultSchema) {
        return switch (parts.size()) {
            case 1 -> new QualifiedName(defaultSchema, parts.get(0).value());
            case 2 -> new QualifiedName(parts.get(0).value(), parts.get(1).value());
            case 3 -> new QualifiedName(parts.get(1).value(), parts.get(2).value());
            default -> null;
        };
    }

    /**
     * The names defined as CTEs: {@code WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (} and
     * the same after a comma.
     */
    private static Set<String> cteNames(List<Token> tokens) {
        Set<String> names = new HashSet<>();
        for (int i = 1; i < tokens.size(); i++) {
            Token previous = tokens.get(i - 1);
            if (!tokens.get(i).isName()
                    || !(previous.isWord("with") || previous.isWord("recursive") || previous.isSymbol(","))) {
                continue;
            }
            int j = i + 1;
            if (at(tokens, j).isSymbol("(")) {
                j = afterClosingParenthesis(tokens, j);
            }
            if (!at(tokens, j++).isWord("as")) {
                continue;
            }
            if (at(tokens, j).isWord("not") && at(tokens, j + 1).isWord("materialized")) {
                j += 2;
            } else if (at(tokens, j).isWord("materialized")) {
                j++;
            }
            if (at(tokens, j).isSymbol("(")) {
                names.add(tokens.get(i).value());
            }
        }
        return names;
    }

    private static int afterClosingParenthesis(List<Token> tokens, int open) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            depth += tokens.get(j).isSymbol("(") ? 1 : tokens.get(j).isSymbol(")") ? -1 : 0;
            if (depth == 0) {
                return j + 1;
            }
        }
        return tokens.size();
    }

    /** The token at {@code i}, or {@link #NONE} past either end. */
    private static Token at(List<Token> tokens, int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : NONE;
    }
}
