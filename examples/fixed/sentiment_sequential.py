"""Binary sentiment classifier, Keras 2 style: Sequential + .add, one sigmoid unit."""
import numpy as np
from keras.layers import LSTM, Activation, Dense, Dropout, Embedding
from keras.models import Sequential

VOCAB_SIZE = 20000
MAX_LEN = 200

x_train = np.random.randint(1, VOCAB_SIZE, size=(1000, MAX_LEN))
y_train = np.random.randint(0, 2, size=(1000,))

model = Sequential()
model.add(Embedding(VOCAB_SIZE, 128, input_length=MAX_LEN))
model.add(LSTM(64))
model.add(Dropout(0.3))
model.add(Dense(1))
model.add(Activation("sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=64)
