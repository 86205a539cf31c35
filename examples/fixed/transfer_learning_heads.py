"""Transfer learning: three small heads on a frozen MobileNetV2, each matched to its loss."""
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights=None)
base.trainable = False
features = tf.keras.layers.GlobalAveragePooling2D()(base.output)

# Cats vs dogs: logits, and a loss told that it gets logits.
logit = tf.keras.layers.Dense(1)(features)
binary_model = tf.keras.Model(base.input, logit)
binary_model.compile(
    optimizer="rmsprop",
    loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)],
)

# Image quality score in [0, 1]: one sigmoid unit with binary cross-entropy.
score = tf.keras.layers.Dense(1, activation="sigmoid")(features)
score_model = tf.keras.Model(base.input, score)
score_model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy())

# Five flower species: softmax probabilities.
species = tf.keras.layers.Dense(5, activation="softmax")(features)
species_model = tf.keras.Model(base.input, species)
species_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
