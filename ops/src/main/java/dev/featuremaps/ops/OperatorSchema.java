package dev.featuremaps.ops;

import java.util.List;

/**
 * What an operator type reads and writes: Caffe2's input order and input-count rule, its outputs
 * and its arguments.
 *
 * <p>Inputs come in groups, one per feature (Single*) or per multi-feature input (Multi*), each
 * group with the same roles, optionally followed by fixed trailing inputs (the incoming gradient
 * of a gradient operator). Outputs are either a fixed list or one per group (gradients).
 */
public final class OperatorSchema {
    private final String type;
    private final List<String> groupRoles;
    private final String groupName;
    private final boolean exactlyOneGroup;
    private final List<String> trailingRoles;
    private final List<String> outputRoles;
    private final boolean outputPerGroup;
    private final boolean takesFeatureIds;
    private final boolean gradient;
    private final List<String> arguments;
    private final List<String> requiredArguments;

    private OperatorSchema(String type, List<String> groupRoles, String groupName, boolean exactlyOneGroup,
                           List<String> trailingRoles, List<String> outputRoles, boolean outputPerGroup,
                           boolean takesFeatureIds, boolean gradient) {
        this(type, groupRoles, groupName, exactlyOneGroup, trailingRoles, outputRoles, outputPerGroup,
                takesFeatureIds, gradient, takesFeatureIds ? List.of(OperatorDef.FEATURE_IDS) : List.of(),
                takesFeatureIds ? List.of(OperatorDef.FEATURE_IDS) : List.of());
    }

    private OperatorSchema(String type, List<String> groupRoles, String groupName, boolean exactlyOneGroup,
                           List<String> trailingRoles, List<String> outputRoles, boolean outputPerGroup,
                           boolean takesFeatureIds, boolean gradient, List<String> arguments,
                           List<String> requiredArguments) {
        this.arguments = List.copyOf(arguments);
        this.requiredArguments = List.copyOf(requiredArguments);
        this.type = type;
        this.groupRoles = List.copyOf(groupRoles);
        this.groupName = groupName;
        this.exactlyOneGroup = exactlyOneGroup;
        this.trailingRoles = List.copyOf(trailingRoles);
        this.outputRoles = List.copyOf(outputRoles);
        this.outputPerGroup = outputPerGroup;
        this.takesFeatureIds = takesFeatureIds;
        this.gradient = gradient;
    }

    static OperatorSchema forward(String type, String groupName, List<String> groupRoles, List<String> outputs,
                                  boolean featureIds) {
        return new OperatorSchema(type, groupRoles, groupName, false, List.of(), outputs, false, featureIds, false);
    }

    static OperatorSchema dense(String type) {
        return new OperatorSchema(type, List.of("dense", "presence"), "call", true, List.of(),
                List.of("lengths", "keys", "values"), false, true, false);
    }

    /**
     * An operator of a fixed list of inputs and outputs (the key-major and padded-dense ones).
     *
     * @param arguments the arguments it takes
     * @param required those of them it cannot run without
     */
    static OperatorSchema fixed(String type, List<String> inputs, List<String> outputs, boolean gradient,
                                List<String> arguments, List<String> required) {
        return new OperatorSchema(type, inputs, "call", true, List.of(), outputs, false, false, gradient,
                arguments, required);
    }

    static OperatorSchema gradient(String type, String groupName, List<String> groupRoles, String incoming,
                                   String output) {
        return new OperatorSchema(type, groupRoles, groupName, false, List.of(incoming), List.of(output), true,
                false, true);
    }

    /** @return the Caffe2 type name */
    public String type() {
        return type;
    }

    /** @return the roles of one group of inputs, in order */
    public List<String> groupRoles() {
        return groupRoles;
    }

    /** @return the roles of the inputs after the groups (a gradient's incoming gradient) */
    public List<String> trailingRoles() {
        return trailingRoles;
    }

    /** @return whether this is a gradient operator */
    public boolean isGradient() {
        return gradient;
    }

    /** @return the names of the arguments the operator takes, e.g. {@code [keys]} */
    public List<String> arguments() {
        return arguments;
    }

    /** @return the names of the arguments it cannot run without */
    public List<String> requiredArguments() {
        return requiredArguments;
    }

    /** @return whether the operator takes the {@code feature_ids} argument, one id per group */
    public boolean takesFeatureIds() {
        return takesFeatureIds;
    }

    /**
     * The number of groups an input count makes.
     *
     * @param inputCount number of inputs
     * @return the number of groups (features or inputs), or -1 if the count breaks the rule
     */
    public int groups(int inputCount) {
        int perGroup = groupRoles.size();
        int rest = inputCount - trailingRoles.size();
        if (rest < perGroup || rest % perGroup != 0) {
            return -1;
        }
        int groups = rest / perGroup;
        return exactlyOneGroup && groups != 1 ? -1 : groups;
    }

    /** @return the input-count rule in words, e.g. {@code 2 per feature (values, presence), at least 1 feature} */
    public String inputRule() {
        String roles = String.join(", ", groupRoles);
        if (exactlyOneGroup) {
            return "exactly " + groupRoles.size() + " (" + roles + ")";
        }
        String rule = groupRoles.size() + " per " + groupName + " (" + roles + ")";
        if (!trailingRoles.isEmpty()) {
            rule += ", then " + String.join(", ", trailingRoles);
        }
        return rule + ", at least 1 " + groupName;
    }

    /**
     * The role of an input.
     *
     * @param input the input's position
     * @param inputCount the number of inputs (a valid count)
     * @return the role, e.g. {@code presence}
     */
    public String inputRole(int input, int inputCount) {
        int grouped = inputCount - trailingRoles.size();
        if (input >= grouped) {
            return trailingRoles.get(input - grouped);
        }
        return groupRoles.get(input % groupRoles.size());
    }

    /**
     * The number of outputs for a number of groups.
     *
     * @param groups the number of groups
     * @return the output count the operator writes
     */
    public int outputCount(int groups) {
        return outputPerGroup ? groups : outputRoles.size();
    }

    /**
     * The role of an output.
     *
     * @param output the output's position
     * @return the role, e.g. {@code values}
     */
    public String outputRole(int output) {
        return outputPerGroup ? outputRoles.get(0) : outputRoles.get(output);
    }

    /**
     * The outputs in words.
     *
     * @param groups the number of groups
     * @return e.g. {@code 3 (lengths, keys, values)} or {@code 2, one per feature (values_grad)}
     */
    public String outputRule(int groups) {
        if (outputPerGroup) {
            return groups + ", one per " + groupName + " (" + outputRoles.get(0) + ")";
        }
        return outputRoles.size() + " (" + String.join(", ", outputRoles) + ")";
    }

    @Override
    public String toString() {
        return type + ": inputs " + inputRule();
    }
}
