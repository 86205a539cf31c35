"""What keraslint knows about the Keras / TensorFlow API: layer kinds, activations, losses.

Plain tables, no logic beyond lookups. Names follow Keras 1, 2 (tf.keras) and 3 where they differ;
where versions disagree on a positional parameter, the parameter is read by keyword only.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

# --- activations -------------------------------------------------------------------------

#: Activation names Keras accepts as strings, mapped to the canonical name keraslint uses.
ACTIVATION_NAMES: dict[str, str] = {
    name: name
    for name in (
        "softmax",
        "sigmoid",
        "hard_sigmoid",
        "linear",
        "relu",
        "relu6",
        "elu",
        "selu",
        "celu",
        "tanh",
        "softplus",
        "softsign",
        "swish",
        "silu",
        "gelu",
        "exponential",
        "leaky_relu",
        "log_softmax",
        "log_sigmoid",
        "mish",
        "hard_silu",
        "hard_swish",
        "hard_tanh",
    )
}
ACTIVATION_NAMES["hard_swish"] = "hard_silu"

#: Activations whose outputs are certainly not probabilities in [0, 1]: every named
#: activation except the probability ones and "linear" (which KL106 handles), plus the
#: activation layers that have no string name.
NON_PROBABILITY_ACTIVATIONS = (
    frozenset(ACTIVATION_NAMES.values()) - {"softmax", "sigmoid", "hard_sigmoid", "linear"}
) | {"prelu", "thresholded_relu"}

#: TensorFlow functions that are activations, by canonical path.
TF_ACTIVATION_FUNCTIONS: dict[str, str] = {
    "tensorflow.nn.softmax": "softmax",
    "tensorflow.math.softmax": "softmax",
    "tensorflow.nn.sigmoid": "sigmoid",
    "tensorflow.sigmoid": "sigmoid",
    "tensorflow.math.sigmoid": "sigmoid",
    "tensorflow.nn.relu": "relu",
    "tensorflow.nn.relu6": "relu6",
    "tensorflow.nn.elu": "elu",
    "tensorflow.nn.selu": "selu",
    "tensorflow.nn.tanh": "tanh",
    "tensorflow.tanh": "tanh",
    "tensorflow.math.tanh": "tanh",
    "tensorflow.nn.softplus": "softplus",
    "tensorflow.math.softplus": "softplus",
    "tensorflow.nn.softsign": "softsign",
    "tensorflow.math.softsign": "softsign",
    "tensorflow.nn.swish": "silu",
    "tensorflow.nn.silu": "silu",
    "tensorflow.nn.gelu": "gelu",
    "tensorflow.nn.leaky_relu": "leaky_relu",
    "tensorflow.nn.log_softmax": "log_softmax",
    "tensorflow.math.log_softmax": "log_softmax",
    "tensorflow.exp": "exponential",
    "tensorflow.math.exp": "exponential",
}

#: Keras sub-packages whose functions of an activation's name apply that activation.
KERAS_ACTIVATION_CATEGORIES = frozenset({"activations", "ops", "backend"})


def activation_of_path(path: str, category: Optional[str], name: str) -> Optional[str]:
    """The canonical activation named by a function path, or None."""
    if path in TF_ACTIVATION_FUNCTIONS:
        return TF_ACTIVATION_FUNCTIONS[path]
    if category in KERAS_ACTIVATION_CATEGORIES and name in ACTIVATION_NAMES:
        return ACTIVATION_NAMES[name]
    return None


# --- layers -----------------------------------------------------------------------------


class LayerKind(NamedTuple):
    """How a layer class transforms the last axis of its input."""

    group: str
    units_params: tuple[str, ...] = ()  # keyword names of the units parameter (first = index 0)
    activation_index: Optional[int] = None  # positional index of `activation`, when stable
    default_activation: Optional[str] = None
    fixed_activation: Optional[str] = None  # for ReLU(), LeakyReLU(), ...


_DENSE = LayerKind("dense", ("units", "output_dim"), 1, "linear")
_CONV = LayerKind("conv", ("filters", "nb_filter"), None, "linear")
_RNN = LayerKind("rnn", ("units", "output_dim"), 1, "tanh")
_CONV_RNN = LayerKind("rnn", ("filters", "nb_filter"), None, "tanh")
_TRANSPARENT = LayerKind("transparent")
_NORMALISE = LayerKind("normalise")

LAYER_KINDS: dict[str, LayerKind] = {
    "Dense": _DENSE,
    "Activation": LayerKind("activation"),
    "Softmax": LayerKind("softmax"),
    "ReLU": LayerKind("fixed", fixed_activation="relu"),
    "LeakyReLU": LayerKind("fixed", fixed_activation="leaky_relu"),
    "ELU": LayerKind("fixed", fixed_activation="elu"),
    "PReLU": LayerKind("fixed", fixed_activation="prelu"),
    "ThresholdedReLU": LayerKind("fixed", fixed_activation="thresholded_relu"),
    "TimeDistributed": LayerKind("wrapper"),
    "Bidirectional": LayerKind("bidirectional"),
    "LSTM": _RNN,
    "GRU": _RNN,
    "SimpleRNN": _RNN,
    "CuDNNLSTM": LayerKind("rnn", ("units",), None, "tanh"),
    "CuDNNGRU": LayerKind("rnn", ("units",), None, "tanh"),
    "ConvLSTM1D": _CONV_RNN,
    "ConvLSTM2D": _CONV_RNN,
    "ConvLSTM3D": _CONV_RNN,
    "DepthwiseConv1D": LayerKind("conv", (), None, "linear"),
    "DepthwiseConv2D": LayerKind("conv", (), None, "linear"),
    "BatchNormalization": _NORMALISE,
    "LayerNormalization": _NORMALISE,
    "GroupNormalization": _NORMALISE,
    "UnitNormalization": _NORMALISE,
}
for _name in (
    "Conv1D",
    "Conv2D",
    "Conv3D",
    "Convolution1D",
    "Convolution2D",
    "Convolution3D",
    "Conv1DTranspose",
    "Conv2DTranspose",
    "Conv3DTranspose",
    "Convolution2DTranspose",
    "Convolution3DTranspose",
    "Deconvolution2D",
    "Deconvolution3D",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "SeparableConvolution2D",
    "AtrousConvolution1D",
    "AtrousConvolution2D",
    "LocallyConnected1D",
    "LocallyConnected2D",
):
    LAYER_KINDS[_name] = _CONV
for _name in (
    "Dropout",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
    "GaussianDropout",
    "GaussianNoise",
    "AlphaDropout",
    "ActivityRegularization",
    "Masking",
    "Identity",
):
    LAYER_KINDS[_name] = _TRANSPARENT

#: Layers whose output rank is fixed (batch axis included) whatever their input.
RANK_AFTER: dict[str, int] = {"Flatten": 2}
for _name in ("GlobalAveragePooling", "GlobalMaxPooling", "GlobalAvgPool", "GlobalMaxPool"):
    for _dims in ("1D", "2D", "3D"):
        RANK_AFTER[_name + _dims] = 2

#: Layers that keep the rank of their input (besides the transparent and activation ones).
RANK_KEEPING = frozenset(
    f"{kind}{dims}"
    for kind in (
        "MaxPooling",
        "AveragePooling",
        "MaxPool",
        "AvgPool",
        "UpSampling",
        "ZeroPadding",
        "Cropping",
    )
    for dims in ("1D", "2D", "3D")
)


def conv_rank(class_name: str) -> Optional[int]:
    """Output rank of a convolution from its class name (``Conv2D`` -> 4)."""
    for dims, rank in (("1D", 3), ("2D", 4), ("3D", 5)):
        if dims in class_name:
            return rank
    return None


#: Layer classes that make a tensor (model inputs); their output is an unknown tensor.
INPUT_FACTORIES = frozenset({"Input", "InputLayer"})

# --- models -----------------------------------------------------------------------------

SEQUENTIAL_NAMES = frozenset({"Sequential"})
FUNCTIONAL_NAMES = frozenset({"Model", "Functional"})
MODEL_CATEGORIES = frozenset({None, "models", "engine", "layers"})

# --- losses -----------------------------------------------------------------------------


class LossInfo(NamedTuple):
    """A Keras loss (string, function or class) and where its `from_logits` parameter sits."""

    family: str  # "bce", "cce", "scce", "other"
    from_logits_index: Optional[int]  # positional index in the call, None = keyword only


# String identifiers accepted by `compile(loss=...)` in Keras 2 and 3 (function names, class
# names, and the short aliases).
_CE_STRINGS = {
    "binary_crossentropy": "bce",
    "bce": "bce",
    "BCE": "bce",
    "BinaryCrossentropy": "bce",
    "binary_focal_crossentropy": "bce",
    "BinaryFocalCrossentropy": "bce",
    "categorical_crossentropy": "cce",
    "CategoricalCrossentropy": "cce",
    "categorical_focal_crossentropy": "cce",
    "CategoricalFocalCrossentropy": "cce",
    "sparse_categorical_crossentropy": "scce",
    "SparseCategoricalCrossentropy": "scce",
}
_OTHER_LOSS_STRINGS = [
    "mse",
    "MSE",
    "mean_squared_error",
    "MeanSquaredError",
    "mae",
    "MAE",
    "mean_absolute_error",
    "MeanAbsoluteError",
    "mape",
    "MAPE",
    "mean_absolute_percentage_error",
    "MeanAbsolutePercentageError",
    "msle",
    "MSLE",
    "mean_squared_logarithmic_error",
    "MeanSquaredLogarithmicError",
    "huber",
    "huber_loss",
    "Huber",
    "logcosh",
    "log_cosh",
    "LogCosh",
    "hinge",
    "Hinge",
    "squared_hinge",
    "SquaredHinge",
    "categorical_hinge",
    "CategoricalHinge",
    "kld",
    "KLD",
    "kl_divergence",
    "kullback_leibler_divergence",
    "KLDivergence",
    "poisson",
    "Poisson",
    "cosine_similarity",
    "CosineSimilarity",
    "dice",
    "Dice",
    "tversky",
    "Tversky",
    "ctc",
    "CTC",
]

LOSS_STRINGS: dict[str, str] = dict(_CE_STRINGS)
LOSS_STRINGS.update({name: "other" for name in _OTHER_LOSS_STRINGS})

#: Loss classes: `from_logits` is the first positional parameter of the plain cross-entropies.
LOSS_CLASSES: dict[str, LossInfo] = {
    "BinaryCrossentropy": LossInfo("bce", 0),
    "CategoricalCrossentropy": LossInfo("cce", 0),
    "SparseCategoricalCrossentropy": LossInfo("scce", 0),
    # The focal variants' positional order changed between releases: keyword only.
    "BinaryFocalCrossentropy": LossInfo("bce", None),
    "CategoricalFocalCrossentropy": LossInfo("cce", None),
}
for _name in _OTHER_LOSS_STRINGS:
    if _name[0].isupper() and _name not in ("MSE", "MAE", "MAPE", "MSLE", "KLD", "BCE", "CTC"):
        LOSS_CLASSES[_name] = LossInfo("other", None)

#: Loss functions `f(y_true, y_pred, from_logits=False, ...)` (also in keras.metrics, and as
#: `f(target, output, from_logits=False)` in keras.backend / keras.ops).
LOSS_FUNCTIONS: dict[str, LossInfo] = {
    "binary_crossentropy": LossInfo("bce", 2),
    "categorical_crossentropy": LossInfo("cce", 2),
    "sparse_categorical_crossentropy": LossInfo("scce", 2),
    "binary_focal_crossentropy": LossInfo("bce", None),
    "categorical_focal_crossentropy": LossInfo("cce", None),
}
for _name in _OTHER_LOSS_STRINGS:
    if _name.islower() and _name not in LOSS_FUNCTIONS:
        LOSS_FUNCTIONS[_name] = LossInfo("other", None)

LOSS_FUNCTION_CATEGORIES = frozenset({"losses", "metrics", "backend", "ops"})

#: TensorFlow ops that take logits: path -> (family, positional index of `logits`).
TF_LOGITS_OPS: dict[str, tuple[str, int]] = {
    "tensorflow.nn.softmax_cross_entropy_with_logits": ("cce", 1),
    "tensorflow.nn.softmax_cross_entropy_with_logits_v2": ("cce", 1),
    "tensorflow.nn.sparse_softmax_cross_entropy_with_logits": ("scce", 1),
    "tensorflow.nn.sigmoid_cross_entropy_with_logits": ("bce", 1),
    "tensorflow.nn.weighted_cross_entropy_with_logits": ("bce", 1),
    "tensorflow.losses.softmax_cross_entropy": ("cce", 1),
    "tensorflow.losses.sparse_softmax_cross_entropy": ("scce", 1),
    "tensorflow.losses.sigmoid_cross_entropy": ("bce", 1),
}

# --- applications -----------------------------------------------------------------------

#: Defaults of the `keras.applications` constructors' classification top.
APPLICATION_DEFAULT_CLASSES = 1000
APPLICATION_DEFAULT_ACTIVATION = "softmax"
