package ember;

/**
 * Element types, named and promoted as PyTorch does.
 *
 * <p>Promotion follows PyTorch's category rule: bool &lt; integral &lt; floating. Between two tensors the wider type of
 * the higher category wins ({@code int64 + float32 -> float32}, {@code float32 + float64 -> float64}). A Java
 * {@code double} used as an operand behaves like a Python scalar: it never widens a floating tensor, and turns an
 * integral or bool tensor into the default float type ({@link #FLOAT32}).
 */
public enum DType {
    BOOL("torch.bool", 1, Category.BOOL),
    UINT8("torch.uint8", 1, Category.INTEGRAL),
    INT32("torch.int32", 4, Category.INTEGRAL),
    INT64("torch.int64", 8, Category.INTEGRAL),
    FLOAT32("torch.float32", 4, Category.FLOATING),
    FLOAT64("torch.float64", 8, Category.FLOATING);

    /** Coarse kinds used by promotion: a higher category always wins. */
    public enum Category { BOOL, INTEGRAL, FLOATING }

    private final String torchName;
    private final int itemSize;
    private final Category category;

    DType(String torchName, int itemSize, Category category) {
        this.torchName = torchName;
        this.itemSize = itemSize;
        this.category = category;
    }

    /** PyTorch's spelling, e.g. {@code torch.float32}; used in printing and error messages. */
    public String torchName() { return torchName; }

    /** Bytes per element. */
    public int itemSize() { return itemSize; }

    public Category category() { return category; }

    public boolean isFloatingPoint() { return category == Category.FLOATING; }

    public boolean isIntegral() { return category == Category.INTEGRAL; }

    /** The default floating type, as {@code torch.get_default_dtype()}. */
    public static DType defaultFloat() { return FLOAT32; }

    /** Type promotion between two tensor operands (PyTorch's {@code promote_types}). */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.category != b.category) return a.category.ordinal() > b.category.ordinal() ? a : b;
        if (a == UINT8 || b == UINT8) {
            // uint8 with a signed integer type widens to the signed type (int32/int64 already hold every uint8).
            DType other = a == UINT8 ? b : a;
            return other;
        }
        return a.itemSize >= b.itemSize ? a : b;
    }

    /**
     * PyTorch's {@code result_type} over operands of three priorities: tensors with dimensions, 0-d tensors, and
     * Java numbers (a {@code double} counts as the default float type, a {@code long} as int64). A lower priority
     * only matters when it brings a higher category ({@code int64[3] + float64 0-d -> float64},
     * {@code float32[3] + float64 0-d -> float32}, {@code bool[3] + 2.5 -> float32}). Null means "no such operand".
     */
    public static DType resultType(DType dimensioned, DType zeroDim, DType wrapped) {
        return combine(dimensioned, combine(zeroDim, wrapped));
    }

    private static DType combine(DType higher, DType lower) {
        if (higher == null) return lower;
        if (lower == null) return higher;
        if (higher.isFloatingPoint()) return higher;
        if (higher == BOOL || lower.isFloatingPoint()) return promote(higher, lower);
        return higher;
    }

    /** True when a value of type {@code from} may be written into a tensor of type {@code to} by an in-place op. */
    public static boolean canCast(DType from, DType to) {
        if (from.isFloatingPoint() && !to.isFloatingPoint()) return false;
        return !(from != BOOL && to == BOOL);
    }

    /** The short name PyTorch uses in cast errors, e.g. {@code Float}, {@code Long}. */
    public String shortName() {
        return switch (this) {
            case BOOL -> "Bool";
            case UINT8 -> "Byte";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
        };
    }

    /** The C++ type name PyTorch's messages use, e.g. {@code float}, {@code long int}, {@code unsigned char}. */
    public String cppName() {
        return switch (this) {
            case BOOL -> "bool";
            case UINT8 -> "unsigned char";
            case INT32 -> "int";
            case INT64 -> "long int";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
        };
    }

    /** Promotion of a tensor with a Python-style floating scalar: floats keep their type, others become float32. */
    public static DType promoteWithFloatScalar(DType t) {
        return t.isFloatingPoint() ? t : defaultFloat();
    }

    /** The type true division and transcendental functions compute in: integral and bool inputs become float32. */
    public static DType toFloating(DType t) {
        return t.isFloatingPoint() ? t : defaultFloat();
    }

    @Override
    public String toString() { return torchName; }
}
