package dev.verity.tenancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.env.PropertyResolver;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the set-up file in three steps, so that neither its comments nor its secrets can leak or misfire:
 * the YAML is parsed first; then {@code ${NAME}} and {@code ${NAME:default}} placeholders are resolved in
 * string <em>values</em> only (a comment is never looked at, and a resolved value is never parsed as YAML);
 * then the tree is mapped onto {@link SetupFile}. Every error names the file, the line and the key, and never
 * quotes the file's text or a value, which may be a secret.
 */
final class SetupFileReader {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}");

    private final PropertyResolver environment;
    private final YAMLMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    SetupFileReader(PropertyResolver environment) {
        this.environment = environment;
    }

    /** A set-up file as read, with the line of every key so that later checks can point at it too. */
    record ReadSetup(Path file, SetupFile content, Map<String, Integer> lines) {

        /** An error at a key, given as a JSON pointer ({@code /applications/0/otp/length}). */
        SetupFileException error(String pointer, String reason) {
            return new SetupFileException(file, line(pointer), pointer, reason);
        }

        private int line(String pointer) {
            for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
                Integer line = lines.get(p);
                if (line != null || p.isEmpty()) {
                    return line == null ? 0 : line;
                }
            }
        }
    }

    ReadSetup read(Path file) throws IOException {
        String text = Files.readString(file);
        Map<String, Integer> lines = new HashMap<>();
        JsonNode tree;
        try {
            lines.putAll(keyLines(text));
            tree = yaml.readTree(text);
        } catch (JacksonException e) {
            // the parser's own message quotes the offending line, which may hold a secret
            throw new SetupFileException(file, lineOf(e.getLocation()), "", "is not valid YAML");
        }
        ReadSetup located = new ReadSetup(file, null, lines);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return new ReadSetup(file, new SetupFile(null, null, null), lines);
        }
        if (!tree.isObject()) {
            throw located.error("", "must be a mapping of keys (tenant, admins, applications)");
        }
        resolvePlaceholders(tree, "", located);
        try {
            return new ReadSetup(file, yaml.treeToValue(tree, SetupFile.class), lines);
        } catch (DatabindException e) {
            throw located.error(pointer(e.getPath()), reason(e));
        }
    }

    private Map<String, Integer> keyLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = yaml.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                String pointer = parser.streamReadContext().pathAsPointer().toString();
                lines.putIfAbsent(pointer, lineOf(parser.currentTokenLocation()));
            }
        }
        return lines;
    }

    private void resolvePlaceholders(JsonNode node, String pointer, ReadSetup located) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> property : new ArrayList<>(object.properties())) {
                String at = pointer + "/" + escape(property.getKey());
                JsonNode value = property.getValue();
                if (value.isString()) {
                    object.set(property.getKey(), StringNode.valueOf(resolve(value.asString(), at, located)));
                } else {
                    resolvePlaceholders(value, at, located);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String at = pointer + "/" + i;
                if (array.get(i).isString()) {
                    array.set(i, StringNode.valueOf(resolve(array.get(i).asString(), at, located)));
                } else {
                    resolvePlaceholders(array.get(i), at, located);
                }
            }
        }
    }

    private String resolve(String value, String pointer, ReadSetup located) {
        if (!value.contains("${")) {
            return value;
        }
        try {
            return environment.resolveRequiredPlaceholders(value);
        } catch (IllegalArgumentException e) {
            // Spring's message quotes the whole value; name only the placeholders that are missing
            Set<String> missing = new LinkedHashSet<>();
            Matcher matcher = PLACEHOLDER.matcher(value);
            while (matcher.find()) {
                if (matcher.group(2) == null && !environment.containsProperty(matcher.group(1))) {
                    missing.add("${" + matcher.group(1) + "}");
                }
            }
            throw located.error(pointer, missing.isEmpty() ? "has a placeholder that cannot be resolved"
                    : "names " + String.join(", ", missing) + ", which is set neither in the environment nor as a"
                            + " property (give it a value, or a default as ${NAME:default})");
        }
    }

    private static String reason(DatabindException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "is not a known key ('" + unknown.getPropertyName() + "'); check its spelling";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "has the wrong type (" + describe(mismatch.getTargetType()) + " expected)";
        }
        return "has a value that cannot be read";
    }

    private static String describe(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a text value";
    }

    private static String pointer(List<JacksonException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            pointer.append('/').append(reference.getPropertyName() != null ? escape(reference.getPropertyName())
                    : Integer.toString(reference.getIndex()));
        }
        return pointer.toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static int lineOf(TokenStreamLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }
}
