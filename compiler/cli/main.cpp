#include <iostream>
int main() { std::cout << "lutc\n"; }
