package ember.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean)} could not match: the model's keys the state dict lacked
 * and the state dict's keys the model does not have. Prints as PyTorch's {@code _IncompatibleKeys}.
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
    public IncompatibleKeys {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
    }

    @Override
    public String toString() {
        if (missingKeys.isEmpty() && unexpectedKeys.isEmpty()) return "<All keys matched successfully>";
        return "_IncompatibleKeys(missing_keys=" + pythonList(missingKeys) + ", unexpected_keys=" + pythonList(unexpectedKeys) + ")";
    }

    private static String pythonList(List<String> keys) {
        StringBuilder sb = new StringBuilder("[");
        for (String k : keys) sb.append(sb.length() == 1 ? "" : ", ").append('\'').append(k).append('\'');
        return sb.append(']').toString();
    }
}
