"""News topics: labels encoded two ways, each matched with its loss (Keras 2 style)."""
import numpy as np
from keras.layers import Dense, Embedding, GlobalAveragePooling1D
from keras.models import Sequential
from keras.preprocessing.text import Tokenizer
from keras.utils import to_categorical
from sklearn.datasets import make_multilabel_classification

TOPICS = ["business", "sport", "tech", "politics", "entertainment"]
labels = TOPICS * 40
texts = np.random.randint(1, 1000, size=(len(labels), 20))

# Labels as ids from a Tokenizer, shifted to start at 0.
label_tokenizer = Tokenizer()
label_tokenizer.fit_on_texts(labels)
label_ids = np.array(label_tokenizer.texts_to_sequences(labels)) - 1

model = Sequential([Embedding(1000, 16), GlobalAveragePooling1D(), Dense(len(TOPICS), activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(texts, label_ids, epochs=30)

# The same topics one-hot encoded, trained with the categorical loss.
one_hot = to_categorical(label_ids, num_classes=len(TOPICS))
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(texts, one_hot, epochs=30)

# Several tags per article: one sigmoid per tag.
X, tags = make_multilabel_classification(n_samples=200, n_features=20, n_classes=6)
tagger = Sequential([Dense(32, activation="relu"), Dense(6, activation="sigmoid")])
tagger.compile(loss="binary_crossentropy", optimizer="adam")
tagger.fit(X, tags, epochs=10)
