"""Topic classifier with the functional API (tf.keras) and two heads built by a helper."""
import tensorflow as tf
from tensorflow.keras import layers

NUM_TOPICS = 5
NUM_TAGS = 12


def classifier_head(x, units, activation, name):
    x = layers.Dense(128, activation="relu")(x)
    return layers.Dense(units, activation=activation, name=name)(x)


inputs = tf.keras.Input(shape=(300,), dtype="int32")
x = layers.Embedding(20000, 64)(inputs)
x = layers.GlobalAveragePooling1D()(x)
topic = classifier_head(x, NUM_TOPICS, "softmax", "topic")
tags = classifier_head(x, NUM_TAGS, "sigmoid", "tags")

model = tf.keras.Model(inputs=inputs, outputs=[topic, tags])
model.compile(
    optimizer="adam",
    loss={
        "topic": "categorical_crossentropy",
        "tags": "binary_crossentropy",
    },
    metrics=["accuracy"],
)
