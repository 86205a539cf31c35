"""Transfer learning: three small heads on a frozen MobileNetV2, each with a loss mistake."""
import tensorflow as tf

base = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights=None)
base.trainable = False
features = tf.keras.layers.GlobalAveragePooling2D()(base.output)

# Cats vs dogs: the head outputs logits, but the loss expects probabilities.
logit = tf.keras.layers.Dense(1)(features)
binary_model = tf.keras.Model(base.input, logit)
binary_model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])

# Image quality score: a single unit with a categorical loss is constantly 0.
score = tf.keras.layers.Dense(1, activation="sigmoid")(features)
score_model = tf.keras.Model(base.input, score)
score_model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy())

# Five flower species: relu outputs are not probabilities.
species = tf.keras.layers.Dense(5, activation="relu")(features)
species_model = tf.keras.Model(base.input, species)
species_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
