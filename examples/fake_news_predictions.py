"""Fake-news detector: what happens after training (predict_classes is gone since TF 2.6)."""
import numpy as np
from tensorflow.keras.layers import LSTM, Bidirectional, Dense, Embedding
from tensorflow.keras.models import Sequential

VOCAB, LENGTH = 5000, 20
X_train = np.random.randint(0, VOCAB, size=(800, LENGTH))
y_train = np.random.randint(0, 2, size=800)
X_test = np.random.randint(0, VOCAB, size=(200, LENGTH))


def build_classifier(units, activation, loss):
    model = Sequential([
        Embedding(VOCAB, 40, input_length=LENGTH),
        Bidirectional(LSTM(100)),
        Dense(units, activation=activation),
    ])
    model.compile(loss=loss, optimizer="adam", metrics=["accuracy"])
    return model


detector = build_classifier(1, "sigmoid", "binary_crossentropy")
detector.fit(X_train, y_train, epochs=10, batch_size=64)

y_pred = detector.predict(X_test)
classes = np.argmax(y_pred, axis=1)         # always 0: one column
old_classes = detector.predict_classes(X_test)

multi = build_classifier(3, "softmax", "sparse_categorical_crossentropy")
scores = multi.predict(X_test)
top = np.argmax(scores)                       # one index for the whole batch
